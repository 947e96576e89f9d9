import Foundation
import TestSupport
import Testing

/// The CLI's help, usage and error text as a user sees it, recorded in Snapshots/ (re-record with
/// `CHANJIAO_RECORD=1` after reviewing a change). Help is rendered at 80 columns.
@Suite("Help and error text of the chanjiao command", .serialized)
struct HelpSnapshotTests {
    static let subcommands = [
        "plan", "compare", "review", "validate", "rank", "flow", "generate", "import-moe", "serve", "token", "template",
        "import-xlsx",
    ]

    /// Runs the built binary from the repository root with an 80-column terminal width.
    static func run(_ arguments: [String]) throws -> CLI.Output {
        try BuiltProducts.run(arguments, root: CLI.root, environment: ["COLUMNS": "80"])
    }

    /// A transcript: each command, its exit status, and what it printed.
    static func transcript(_ commands: [[String]]) throws -> String {
        var s = ""
        for c in commands {
            let r = try run(c)
            s += "$ chanjiao \(c.joined(separator: " "))\n[exit \(r.status)]\n"
            if !r.stdout.isEmpty { s += r.stdout + (r.stdout.hasSuffix("\n") ? "" : "\n") }
            if !r.stderr.isEmpty { s += "[stderr]\n" + r.stderr + (r.stderr.hasSuffix("\n") ? "" : "\n") }
            s += "\n"
        }
        return s
    }

    static func check(_ produced: String, against name: String) throws {
        let url = CLI.root.appendingPathComponent("Tests/CLITests/Snapshots/\(name)")
        if ProcessInfo.processInfo.environment["CHANJIAO_RECORD"] == "1" {
            try Data(produced.utf8).write(to: url)
        }
        let recorded = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        // Compared as a Bool: a large diff is not printed byte by byte.
        let same = produced == recorded
        #expect(same, "\(name) changed: review `git diff` after re-recording with CHANJIAO_RECORD=1")
    }

    @Test("every subcommand's --help, and the top-level help, equal the recorded text")
    func help() throws {
        let t = try Self.transcript([["--help"]] + Self.subcommands.map { [$0, "--help"] })
        #expect(t.contains("SUBCOMMANDS:"))
        #expect(!t.contains("[exit 1]") && !t.contains("[exit 2]"))
        try Self.check(t, against: "help.txt")
    }

    @Test("usage errors and located input errors equal the recorded text")
    func errors() throws {
        let bad = "Tests/CatalogTests/Fixtures/malformed/"
        let t = try Self.transcript([
            ["plan"],
            ["plan", "Catalogs", "--out", "/dev/null/x", "--no-such-option"],
            ["validate", bad + "demand-bad-level.xml"],
            ["validate", bad + "program-unknown-major.xml"],
            ["validate", bad + "truncated.xml"],
            ["validate", bad + "doctype-entity.xml"],
            ["validate", bad + "policy-anyof-k-too-big.xml"],
            ["validate", "no/such/file.xml"],
            ["review", "Catalogs", "--college", "NO-SUCH", "--out", "/dev/null/x"],
            ["flow", bad + "text-not-xml.xml"],
        ])
        #expect(t.contains("demand-bad-level.xml:3:50: error:"))
        #expect(t.contains("[exit 2]") && t.contains("[exit 1]"))
        #expect(!t.contains("Fatal error") && !t.contains("[exit 0]"))
        try Self.check(t, against: "errors.txt")
    }
}
