import CLibXML2

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Bytes in one allocation that grows and is never shrunk: emptying it is setting a count.
struct TextBuffer {
    private var base: UnsafeMutablePointer<UInt8>?
    private(set) var count = 0
    private var capacity = 0

    /// The bytes held (valid until the next change).
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// Empties the buffer, keeping its memory.
    mutating func removeAll() { count = 0 }

    /// Appends `n` bytes from `bytes`.
    mutating func append(_ bytes: UnsafePointer<UInt8>, count n: Int) {
        if count + n > capacity {
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: max(count + n, 2 * capacity, 256))
            if let base {
                grown.initialize(from: base, count: count)
                base.deallocate()
            }
            base = grown
            capacity = max(count + n, 2 * capacity, 256)
        }
        (base! + count).initialize(from: bytes, count: n)
        count += n
    }

    /// Frees the memory; the buffer must not be used afterwards.
    func deallocate() { base?.deallocate() }
}
