import Foundation
import ZIPFoundation

/// The entries of a zip archive, read from its central directory with every offset checked, so
/// that a part is inflated from exactly its own compressed bytes and no further.
///
/// ZIPFoundation's `Archive` traps on some damaged directories (a read past the end of its memory
/// file) and its `extract` loops without end on a deflate stream that does not end; only its
/// `Data.decompress` (zlib) is used, with a provider that stops at the entry's last byte.
struct RawEntries {
    /// One entry's storage: its compression method (0 stored, 8 deflate), sizes and CRC-32, and
    /// the range of its compressed bytes in the archive.
    struct Raw {
        let path: String
        let isSymlink: Bool
        let method: UInt16
        let crc32: UInt32
        let uncompressedSize: Int
        let range: Range<Int>
    }

    /// The entries in directory order.
    let entries: [Raw]

    /// Reads the central directory of `data`; throws a message when it cannot be followed.
    init(_ data: Data, maxEntries: Int) throws(RawZipError) {
        let bytes = [UInt8](data)
        func u16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
        func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
        // The end-of-central-directory record: its signature within the last 22 + 65,535 bytes.
        guard bytes.count >= 22 else { throw RawZipError("the archive is too short to hold a zip directory") }
        var eocd = -1
        var i = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65_535)
        while i >= lowest {
            if bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 0x05, bytes[i + 3] == 0x06 {
                eocd = i
                break
            }
            i -= 1
        }
        guard eocd >= 0 else { throw RawZipError("no zip directory at the end of the archive") }
        let count = u16(eocd + 10)
        let start = u32(eocd + 16)
        guard count != 0xFFFF, start != 0xFFFF_FFFF else {
            throw RawZipError("a ZIP64 archive; a workbook of this size is not accepted")
        }
        guard count <= maxEntries else {
            throw RawZipError("the archive lists more than \(maxEntries) entries; a workbook has a few dozen")
        }
        var out: [Raw] = []
        var p = start
        for _ in 0..<count {
            guard p >= 0, p + 46 <= bytes.count, u32(p) == 0x0201_4B50 else {
                throw RawZipError("the zip directory is damaged")
            }
            let method = UInt16(u16(p + 10))
            let crc = UInt32(u32(p + 16))
            let compressed = u32(p + 20)
            let uncompressed = u32(p + 24)
            let nameLength = u16(p + 28)
            let extraLength = u16(p + 30)
            let commentLength = u16(p + 32)
            let local = u32(p + 42)
            guard p + 46 + nameLength <= bytes.count else { throw RawZipError("the zip directory is damaged") }
            let name = String(decoding: bytes[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            guard local + 30 <= bytes.count, u32(local) == 0x0403_4B50 else {
                throw RawZipError("entry '\(name)': its local header is missing")
            }
            let dataStart = local + 30 + u16(local + 26) + u16(local + 28)
            guard dataStart <= bytes.count, compressed <= bytes.count - dataStart else {
                throw RawZipError("entry '\(name)': its data runs past the end of the archive")
            }
            // A Unix-made entry (host 3) carries its mode in the external attributes' high half.
            let mode = bytes[p + 5] == 3 ? u32(p + 38) >> 16 : 0
            out.append(
                Raw(
                    path: name, isSymlink: mode & 0o170000 == 0o120000,
                    method: method, crc32: crc, uncompressedSize: uncompressed,
                    range: dataStart..<(dataStart + compressed)))
            p += 46 + nameLength + extraLength + commentLength
        }
        entries = out
    }

    /// Inflates `raw` from `data`, handing the output to `consume` chunk by chunk; throws when the
    /// stream ends early, is damaged, uses another method, or its CRC-32 differs.
    static func inflate(_ raw: Raw, in data: Data, consume: (Data) throws -> Void) throws {
        let base = data.startIndex
        let slice = data[(base + raw.range.lowerBound)..<(base + raw.range.upperBound)]
        switch raw.method {
        case 0:
            let stored = Data(slice)
            guard stored.count == raw.uncompressedSize else { throw RawZipError("a stored part's size differs from its header") }
            guard stored.crc32(checksum: 0) == raw.crc32 else { throw RawZipError("the part's CRC-32 differs from its header (damaged)") }
            try consume(stored)
        case 8:
            var offset = slice.startIndex
            let crc = try Data.decompress(
                size: Int64(slice.count), bufferSize: 64 * 1024, skipCRC32: false,
                provider: { _, size in
                    // Exactly the entry's own bytes: past them the stream did not end (damaged).
                    guard offset < slice.endIndex else { throw RawZipError("the compressed data ends before the part does") }
                    let end = min(slice.endIndex, offset + size)
                    var chunk = Data(slice[offset..<end])
                    offset = end
                    // ZIPFoundation hands zlib `size` bytes of input whatever the chunk's length:
                    // zeros after the last byte keep that read inside the buffer.
                    if chunk.count < size { chunk.append(Data(count: size - chunk.count)) }
                    return chunk
                },
                consumer: consume)
            guard crc == raw.crc32 else { throw RawZipError("the part's CRC-32 differs from its header (damaged)") }
        default:
            throw RawZipError("compression method \(raw.method) (only stored and deflate are read)")
        }
    }
}

/// Why a zip's raw entries could not be read.
struct RawZipError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
