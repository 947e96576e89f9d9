import CSHA256

/// SHA-256 (FIPS 180-4): tokens and submission bodies are stored with its hex digest. Whole
/// blocks go through the CPU's SHA extensions when it has them, else through the portable Swift
/// compression function below; tests hold the two equal.
public enum SHA256 {
    /// Whether `chanjiao_sha256_ni_blocks` may be used on this CPU.
    static let hardware = chanjiao_sha256_ni_available() != 0

    /// The 64 round constants (kept once, in CSHA256).
    static let k = Array(UnsafeBufferPointer(start: chanjiao_sha256_round_constants(), count: 64))

    /// The 32-byte digest of `bytes`.
    ///
    /// - Complexity: O(n) in the length of the input.
    public static func hash<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        if let digest = bytes.withContiguousStorageIfAvailable({ hash(UnsafeRawBufferPointer($0)) }) { return digest }
        return Array(bytes).withUnsafeBytes { hash($0) }
    }

    /// The 32-byte digest of contiguous bytes: whole blocks are read in place (no copy of the
    /// message), only the last one or two padded blocks are assembled.
    public static func hash(_ message: UnsafeRawBufferPointer) -> [UInt8] {
        hash(message, hardware: hardware)
    }

    /// The digest of contiguous bytes, through the SHA extensions or not (`hardware` must be
    /// false on a CPU without them). Both paths share the padding and the output; only the
    /// compression of whole blocks differs.
    static func hash(_ message: UnsafeRawBufferPointer, hardware: Bool) -> [UInt8] {
        var state: [UInt32] = [
            0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
        ]
        let full = message.count / 64 * 64
        // The rest, 0x80, zeros, and the bit length: one block, or two when the rest is over 55 bytes.
        let rest = message.count - full
        let tailBlocks = rest < 56 ? 1 : 2
        var tail = [UInt8](repeating: 0, count: tailBlocks * 64)
        for i in 0..<rest { tail[i] = message[full + i] }
        tail[rest] = 0x80
        let bitLength = UInt64(message.count) &* 8
        for i in 0..<8 { tail[tailBlocks * 64 - 1 - i] = UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8)) }
        state.withUnsafeMutableBufferPointer { h in
            // Whole blocks are read in place; no copy of the message.
            if full > 0 { compress(UnsafeRawBufferPointer(rebasing: message[0..<full]), into: h, hardware: hardware) }
            tail.withUnsafeBytes { compress($0, into: h, hardware: hardware) }
        }
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for v in state {
            for s in [24, 16, 8, 0] { out.append(UInt8(truncatingIfNeeded: v >> UInt32(s))) }
        }
        return out
    }

    /// Runs the compression function over `blocks` (a whole number of 64-byte blocks), updating
    /// the eight working words `h`.
    static func compress(_ blocks: UnsafeRawBufferPointer, into h: UnsafeMutableBufferPointer<UInt32>, hardware: Bool) {
        if hardware {
            chanjiao_sha256_ni_blocks(h.baseAddress!, blocks.baseAddress!.assumingMemoryBound(to: UInt8.self), blocks.count / 64)
            return
        }
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            k.withUnsafeBufferPointer { k in
                var offset = 0
                while offset < blocks.count {
                    compressPortable(UnsafeRawBufferPointer(rebasing: blocks[offset..<offset + 64]), h, w, k)
                    offset += 64
                }
            }
        }
    }

    /// One 64-byte block in Swift; `w` is scratch for the message schedule.
    @inline(__always)
    static func compressPortable(
        _ block: UnsafeRawBufferPointer, _ h: UnsafeMutableBufferPointer<UInt32>, _ w: UnsafeMutableBufferPointer<UInt32>,
        _ k: UnsafeBufferPointer<UInt32>
    ) {
        for i in 0..<16 { w[i] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)) }
        for i in 16..<64 {
            let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
            let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
            w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
        }
        var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7]
        for i in 0..<64 {
            let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
            let ch = (e & f) ^ (~e & g)
            let t1 = hh &+ s1 &+ ch &+ k[i] &+ w[i]
            let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
            let maj = (a & b) ^ (a & c) ^ (b & c)
            let t2 = s0 &+ maj
            hh = g
            g = f
            f = e
            e = d &+ t1
            d = c
            c = b
            b = a
            a = t1 &+ t2
        }
        h[0] &+= a
        h[1] &+= b
        h[2] &+= c
        h[3] &+= d
        h[4] &+= e
        h[5] &+= f
        h[6] &+= g
        h[7] &+= hh
    }

    /// The lowercase hex digest of `bytes`.
    public static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        hexString(hash(bytes))
    }

    /// The lowercase hex digest of a string's UTF-8 bytes.
    public static func hex(_ string: String) -> String { hex(Array(string.utf8)) }

    @inline(__always) static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
}

/// Lowercase hex of bytes.
func hexString(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count * 2)
    for b in bytes {
        out.append(digits[Int(b >> 4)])
        out.append(digits[Int(b & 15)])
    }
    return String(decoding: out, as: UTF8.self)
}
