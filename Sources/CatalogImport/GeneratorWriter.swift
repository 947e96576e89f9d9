import Catalog
import Foundation

/// One output file of the generator: text streamed through Catalog's `AtomicFileWriter` (a
/// temporary file renamed into place on commit), attribute values escaped by `MarkupText`, and
/// failures reported as `GeneratorError`s.
final class GeneratorWriter {
    let url: URL
    private let file: AtomicFileWriter

    init(url: URL) throws(GeneratorError) {
        self.url = url
        do {
            file = try AtomicFileWriter(path: url.path)
        } catch {
            throw GeneratorError.output(path: error.path, message: error.message)
        }
    }

    /// Appends raw text (already escaped where needed).
    func write(_ text: String) { file.write(text) }

    /// Appends ` name="value"` with the value escaped.
    func attribute(_ name: String, _ value: String) {
        write(" ")
        write(name)
        write("=\"")
        write(MarkupText.escaped(value, for: .xml))
        write("\"")
    }

    /// Flushes, closes and renames the temporary file over the destination; returns the size.
    func commit() throws(GeneratorError) -> Int {
        do {
            return try file.commit()
        } catch {
            throw GeneratorError.output(path: error.path, message: error.message)
        }
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
