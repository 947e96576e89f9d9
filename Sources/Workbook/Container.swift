import Catalog
import Foundation
import ZIPFoundation

/// The bounds an .xlsx file must keep before any of its XML is parsed: the container is a zip,
/// and a zip can claim one size and inflate to another (a zip bomb).
public struct WorkbookLimits: Sendable, Equatable {
    /// The largest .xlsx file accepted, in bytes (the CLI's `--max-size`).
    public var maxFileBytes: Int
    /// The most entries the archive's directory may list.
    public var maxEntries: Int
    /// The most bytes one part may inflate to (counted while inflating, not taken from the header).
    public var maxPartBytes: Int
    /// The most bytes all parts read may inflate to together.
    public var maxTotalBytes: Int
    /// The largest inflated/compressed ratio accepted for a part of more than 1 MiB.
    public var maxRatio: Int
    /// The most rows read from one sheet.
    public var maxRows: Int

    /// The defaults: 64 MiB file, 1,000 entries, 64 MiB per part, 256 MiB in all, ratio 200, 100,000 rows.
    public init(
        maxFileBytes: Int = 64 << 20, maxEntries: Int = 1000, maxPartBytes: Int = 64 << 20,
        maxTotalBytes: Int = 256 << 20, maxRatio: Int = 200, maxRows: Int = 100_000
    ) {
        self.maxFileBytes = maxFileBytes
        self.maxEntries = maxEntries
        self.maxPartBytes = maxPartBytes
        self.maxTotalBytes = maxTotalBytes
        self.maxRatio = maxRatio
        self.maxRows = maxRows
    }
}

/// The XML parts of an .xlsx container, read within `WorkbookLimits`.
struct Container {
    /// Part name (as in the archive, no leading slash) → bytes; only `.xml` and `.rels` parts.
    var parts: [String: [UInt8]]

    /// Why a part name is refused, or nil when it is a plain relative path inside the archive.
    static func refusal(ofPath path: String) -> String? {
        if path.isEmpty { return "an entry has an empty name" }
        if path.hasPrefix("/") || path.hasPrefix("\\") { return "entry '\(path)' has an absolute path" }
        if path.contains("\\") { return "entry '\(path)' has a backslash in its path" }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 }) { return "entry '\(path)' has a control character in its name" }
        if path.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == ".." }) {
            return "entry '\(path)' leads outside the archive (..)"
        }
        if path.count >= 2, path.dropFirst().first == ":" { return "entry '\(path)' names a drive" }
        return nil
    }

    /// Why a file of `size` bytes is refused. Where the limit comes from is the caller's to say:
    /// the CLI reads files by path (`WorkbookImporter.convert(path:)`, which adds `--max-size`), the
    /// server's body limit answers 413 before a body gets here.
    static func tooLarge(_ size: Int, _ limits: WorkbookLimits) -> String {
        "file is \(size) bytes, over the limit of \(limits.maxFileBytes) bytes"
    }

    /// Opens the bytes of an .xlsx file named `name` (in diagnostics).
    static func read(_ data: Data, name: String, limits: WorkbookLimits) throws(CatalogError) -> Container {
        func fail(_ message: String) -> CatalogError {
            CatalogError(.whole(name, message))
        }
        if data.count > limits.maxFileBytes {
            throw fail(tooLarge(data.count, limits))
        }
        if data.count < 4 || data[data.startIndex] != 0x50 || data[data.startIndex + 1] != 0x4B {
            throw fail("not an .xlsx workbook (an .xlsx file is a zip archive; save the file as Excel 工作簿 .xlsx, not .xls or .csv)")
        }
        let raw: RawEntries
        do {
            raw = try RawEntries(data, maxEntries: limits.maxEntries)
        } catch {
            throw fail("not a readable .xlsx (zip) archive: \(error)")
        }
        var seen: Set<String> = []
        for entry in raw.entries {
            let path = entry.path
            if let why = refusal(ofPath: path) { throw fail(why) }
            if entry.isSymlink { throw fail("entry '\(path)' is a symbolic link") }
            if !seen.insert(path).inserted { throw fail("entry '\(path)' appears twice in the archive") }
        }
        var parts: [String: [UInt8]] = [:]
        var total = 0
        for stored in raw.entries where !stored.path.hasSuffix("/") {
            let path = stored.path
            guard path.hasSuffix(".xml") || path.hasSuffix(".rels") else { continue }
            var bytes: [UInt8] = []
            var overflow: String?
            let compressed = max(1, stored.range.count)
            do {
                try RawEntries.inflate(stored, in: data) { chunk in
                    bytes.append(contentsOf: chunk)
                    total += chunk.count
                    if bytes.count > limits.maxPartBytes {
                        overflow = "part '\(path)' inflates to more than \(limits.maxPartBytes) bytes (a zip bomb?)"
                    } else if total > limits.maxTotalBytes {
                        overflow = "the workbook's parts inflate to more than \(limits.maxTotalBytes) bytes in all (a zip bomb?)"
                    } else if bytes.count > 1 << 20, bytes.count / compressed > limits.maxRatio {
                        overflow = "part '\(path)' inflates more than \(limits.maxRatio) times its compressed size (a zip bomb?)"
                    }
                    if overflow != nil { throw CatalogError(diagnostics: []) }
                }
            } catch {
                if let overflow { throw fail(overflow) }
                throw fail("part '\(path)' cannot be read: \(error)")
            }
            parts[path] = bytes
        }
        return Container(parts: parts)
    }
}
