import Crypto

/// SHA-256 hex digests: tokens and submission bodies are stored with them. swift-crypto's
/// implementation (BoringSSL on Linux, with its assembly for the CPU's SHA extensions), already in
/// the dependency graph through postgres-nio.
public enum SHA256 {
    /// The 32-byte digest of `bytes`.
    /// - Complexity: O(n) in the length of the input.
    public static func hash<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        if let digest = bytes.withContiguousStorageIfAvailable({ Array(Crypto.SHA256.hash(data: UnsafeRawBufferPointer($0))) }) {
            return digest
        }
        return Array(Crypto.SHA256.hash(data: Array(bytes)))
    }

    /// The digest of `bytes` as 64 lowercase hex digits.
    public static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 { hexString(hash(bytes)) }

    /// The digest of a string's UTF-8 bytes as hex.
    public static func hex(_ string: String) -> String { hex(Array(string.utf8)) }
}

/// Bytes as lowercase hex digits, two per byte.
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
