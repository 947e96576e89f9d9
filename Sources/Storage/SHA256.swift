import CSHA256

/// SHA-256 (FIPS 180-4): tokens and submission bodies are stored with its hex digest. Whole
/// blocks go through the CPU's SHA extensions when it has them (about 5× faster on a 50 KB
/// body), else through the portable Swift compression function below; tests hold the two equal.
public enum SHA256 {
    /// Whether `chanjiao_sha256_ni_blocks` may be used on this CPU.
    static let hardware = chanjiao_sha256_ni_available() != 0

    static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

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
