import ArgumentParser
import Catalog
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The `chanjiao` command: industry–education matching for vocational colleges.
@main
struct Chanjiao: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chanjiao",
        abstract: "Chanjiao (产教): match vocational programs to industry demand and advise on majors.",
        discussion: "Exit status: 0 success, 1 invalid input (every error printed as file:line:col: message), 2 usage.",
        subcommands: [
            Plan.self, Compare.self, Review.self, Validate.self, Rank.self, Flow.self, Generate.self, ImportMoe.self, Serve.self,
            Token.self, Template.self, ImportXlsx.self,
        ]
    )

    /// Runs the command, mapping argument errors to exit status 2 (usage) as documented.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)
            }
            let message = fullMessage(for: error)
            if !message.isEmpty {
                var stderr = StandardError()
                print(message, to: &stderr)
            }
            // ArgumentParser uses 64 for usage errors; Chanjiao documents 2.
            if code == .validationFailure || code.rawValue == 64 { Glibc.exit(2) }
            Glibc.exit(code.rawValue)
        }
    }
}

/// Standard error as a `TextOutputStream`.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var bytes = Array(string.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { break }
            offset += n
        }
    }
}

/// Options shared by the commands that read input files.
struct InputOptions: ParsableArguments {
    @Flag(name: .customLong("no-validate"), help: "Skip XSD validation (trusted input only; faster).")
    var noValidate = false

    @Option(name: .customLong("max-size"), help: "Largest input file accepted, e.g. 256M, 1G (default 256M).")
    var maxSize: String = "256M"

    @Option(
        name: .customLong("catalogs"),
        help:
            "Folder with majors.xml, occupations.xml, clusters.xml to check links against when the inputs hold none (default: the shipped Catalogs)."
    )
    var catalogs: String?

    func validate() throws {
        guard Self.bytes(maxSize) != nil else {
            throw ValidationError("--max-size '\(maxSize)' is not a size such as 512K, 256M or 1G")
        }
    }

    static func bytes(_ s: String) -> Int? {
        let t = s.trimmingCharacters(in: .whitespaces).uppercased()
        let units: [(String, Int)] = [("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10), ("B", 1)]
        for (u, m) in units where t.hasSuffix(u) {
            guard let n = Int(t.dropLast()), n > 0 else { return nil }
            return n.multipliedReportingOverflow(by: m).overflow ? nil : n * m
        }
        guard let n = Int(t), n > 0 else { return nil }
        return n
    }

    var ingest: IngestOptions {
        IngestOptions(validate: !noValidate, maxBytes: Self.bytes(maxSize) ?? (256 << 20))
    }

    func loader() -> CatalogLoader {
        CatalogLoader(options: ingest, referenceDirectory: catalogs ?? CatalogLoader.defaultReferenceDirectory())
    }
}

/// Prints diagnostics to standard error, one `file:line:col: severity: message` per line.
func printDiagnostics(_ diagnostics: [Diagnostic]) {
    var stderr = StandardError()
    for d in diagnostics { print(d.description, to: &stderr) }
}
