import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Streams one output file through a 64 KiB buffer into a temporary file, then renames it into place.
final class GeneratorWriter {
    let url: URL
    private let temporary: URL
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var failure: String?
    private(set) var bytes = 0
    private static let chunk = 1 << 16

    init(url: URL) throws(GeneratorError) {
        self.url = url
        temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
            let handle = FileHandle(forWritingAtPath: temporary.path)
        else { throw GeneratorError.output(path: temporary.path, message: "cannot create file") }
        self.handle = handle
        buffer.reserveCapacity(Self.chunk + 4096)
    }

    /// Appends raw text (already escaped where needed).
    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.chunk { flush() }
    }

    /// Appends ` name="value"` with the value escaped.
    func attribute(_ name: String, _ value: String) {
        write(" ")
        write(name)
        write("=\"")
        write(XMLText.escape(value))
        write("\"")
    }

    private func flush() {
        guard !buffer.isEmpty, failure == nil else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            failure = "\(error)"
        }
        bytes += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, closes and renames the temporary file over the destination; returns the size.
    func commit() throws(GeneratorError) -> Int {
        flush()
        do {
            try handle.close()
        } catch {
            if failure == nil { failure = "\(error)" }
        }
        if let failure {
            _ = try? FileManager.default.removeItem(at: temporary)
            throw GeneratorError.output(path: url.path, message: failure)
        }
        if rename(temporary.path, url.path) != 0 {
            throw GeneratorError.output(
                path: url.path,
                message: "cannot rename \(temporary.lastPathComponent) into place"
            )
        }
        return bytes
    }
}

/// Locale-free number formatting, so output bytes never depend on the environment.
enum GeneratorFormat {
    /// `x` with exactly `digits` decimals (0…4), e.g. `0.734`, `-0.05`.
    static func fixed(_ x: Double, _ digits: Int) -> String {
        var scale = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((x * Double(scale)).rounded())
        let sign = scaled < 0 ? "-" : ""
        let a = abs(scaled)
        guard digits > 0 else { return "\(sign)\(a)" }
        var frac = String(a % scale)
        while frac.count < digits { frac = "0" + frac }
        return "\(sign)\(a / scale).\(frac)"
    }

    /// A share in [0, 1] with three decimals.
    static func share(_ x: Double) -> String {
        fixed(min(1, max(0, x)), 3)
    }

    /// An integer with thousands separators (for the summary line).
    static func grouped(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }

    /// `n` zero-padded to `width` digits.
    static func padded(_ n: Int, _ width: Int) -> String {
        var s = String(n)
        while s.count < width { s = "0" + s }
        return s
    }
}
