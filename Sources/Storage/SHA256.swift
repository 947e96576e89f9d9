import CSHA256

/// SHA-256 (FIPS 180-4): tokens and submission bodies are stored with its hex digest. Whole
/// blocks go through the CPU's SHA extensions when it has them (about 5× faster on a 50 KB
/// body), else through the portable Swift compression function below; tests hold the two equal.
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
    /// false on a CPU without them).
    static func hash(_ message: UnsafeRawBufferPointer, hardware: Bool) -> [UInt8] {
        if hardware { return hashWithExtensions(message) }
        var state = State()
        let full = message.count / 64 * 64
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            k.withUnsafeBufferPointer { k in
                var offset = 0
                while offset < full {
                    state.compress(UnsafeRawBufferPointer(rebasing: message[offset..<offset + 64]), w, k)
                    offset += 64
                }
                // The rest, 0x80, zeros, and the bit length: one block, or two when the rest is over 55 bytes.
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { tail in
                    let rest = message.count - full
                    let blocks = rest < 56 ? 1 : 2
                    tail.initialize(repeating: 0)
                    for i in 0..<rest { tail[i] = message[full + i] }
                    tail[rest] = 0x80
                    let bitLength = UInt64(message.count) &* 8
                    for i in 0..<8 { tail[blocks * 64 - 1 - i] = UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8)) }
                    let raw = UnsafeRawBufferPointer(tail)
                    for b in 0..<blocks { state.compress(UnsafeRawBufferPointer(rebasing: raw[b * 64..<b * 64 + 64]), w, k) }
                }
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for v in [state.a, state.b, state.c, state.d, state.e, state.f, state.g, state.h] {
            for s in [24, 16, 8, 0] { out.append(UInt8(truncatingIfNeeded: v >> UInt32(s))) }
        }
        return out
    }

    /// The digest through `chanjiao_sha256_ni_blocks`: the whole blocks in place, then the one or
    /// two padded blocks.
    static func hashWithExtensions(_ message: UnsafeRawBufferPointer) -> [UInt8] {
        var words: [UInt32] = [
            0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
        ]
        let blocks = message.count / 64
        let rest = message.count - blocks * 64
        var tail = [UInt8](repeating: 0, count: 128)
        for i in 0..<rest { tail[i] = message[blocks * 64 + i] }
        tail[rest] = 0x80
        let tailBlocks = rest < 56 ? 1 : 2
        let bitLength = UInt64(message.count) &* 8
        for i in 0..<8 { tail[tailBlocks * 64 - 1 - i] = UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8)) }
        words.withUnsafeMutableBufferPointer { state in
            if blocks > 0, let base = message.baseAddress {
                chanjiao_sha256_ni_blocks(state.baseAddress!, base.assumingMemoryBound(to: UInt8.self), blocks)
            }
            tail.withUnsafeBufferPointer { chanjiao_sha256_ni_blocks(state.baseAddress!, $0.baseAddress!, tailBlocks) }
        }
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for v in words {
            for s in [24, 16, 8, 0] { out.append(UInt8(truncatingIfNeeded: v >> UInt32(s))) }
        }
        return out
    }

    /// The eight working words between blocks.
    struct State {
        var a: UInt32 = 0x6a09_e667, b: UInt32 = 0xbb67_ae85, c: UInt32 = 0x3c6e_f372, d: UInt32 = 0xa54f_f53a
        var e: UInt32 = 0x510e_527f, f: UInt32 = 0x9b05_688c, g: UInt32 = 0x1f83_d9ab, h: UInt32 = 0x5be0_cd19

        /// One 64-byte block; `w` is scratch for the message schedule.
        @inline(__always)
        mutating func compress(_ block: UnsafeRawBufferPointer, _ w: UnsafeMutableBufferPointer<UInt32>, _ k: UnsafeBufferPointer<UInt32>) {
            for i in 0..<16 { w[i] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)) }
            for i in 16..<64 {
                let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
                let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var a = self.a, b = self.b, c = self.c, d = self.d, e = self.e, f = self.f, g = self.g, hh = self.h
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
            self.a &+= a
            self.b &+= b
            self.c &+= c
            self.d &+= d
            self.e &+= e
            self.f &+= f
            self.g &+= g
            self.h &+= hh
        }
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
