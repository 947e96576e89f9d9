import CLibXML2

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small open-addressed map from libxml2's interned name pointers to name indices: libxml2 hands
/// every element and attribute name out of its dictionary, so within one parse a name is one
/// pointer, and a lookup is a hash of that pointer and one or two probes.
struct InternedNameTable {
    /// Slots; a power of two.
    private static let capacity = 256
    /// Names cached at most; past this, names are compared by bytes every time (same answers).
    private static let maxCount = 128

    private let keys: UnsafeMutablePointer<UnsafeRawPointer?>
    private let values: UnsafeMutablePointer<Int32>
    private var count = 0

    init() {
        keys = .allocate(capacity: Self.capacity)
        keys.initialize(repeating: nil, count: Self.capacity)
        values = .allocate(capacity: Self.capacity)
        values.initialize(repeating: -1, count: Self.capacity)
    }

    /// Frees the slots; the table must not be used afterwards.
    func deallocate() {
        keys.deallocate()
        values.deallocate()
    }

    private static func slot(_ key: UnsafeRawPointer) -> Int {
        let h = UInt(bitPattern: Int(bitPattern: key)) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: h >> 56) & (capacity - 1)
    }

    /// The index cached for `key`, or nil when it has not been seen.
    func lookup(_ key: UnsafeRawPointer) -> Int? {
        var i = Self.slot(key)
        while let k = keys[i] {
            if k == key { return Int(values[i]) }
            i = (i + 1) & (Self.capacity - 1)
        }
        return nil
    }

    /// Caches `index` for `key` (not yet present), unless the table is full.
    mutating func insert(_ key: UnsafeRawPointer, _ index: Int) {
        guard count < Self.maxCount else { return }
        var i = Self.slot(key)
        while keys[i] != nil { i = (i + 1) & (Self.capacity - 1) }
        keys[i] = key
        values[i] = Int32(index)
        count += 1
    }
}
