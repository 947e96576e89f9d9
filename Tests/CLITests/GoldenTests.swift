import Foundation
import Testing

/// Golden files of the CLI's output on the shipped catalogs, re-recorded with `CHANJIAO_RECORD=1`.
@Suite("Golden plan.json of the shipped catalogs")
struct GoldenTests {
    static let snapshot = CLI.root.appendingPathComponent("Tests/CLITests/Snapshots/plan.json")

    @Test("plan.json of the shipped Chongqing set equals the recorded one")
    func planGolden() throws {
        let out = CLI.temp()
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try CLI.run(["plan", "Catalogs", "--policy", "Catalogs/policy/chongqing.xml", "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let produced = try Data(contentsOf: out.appendingPathComponent("plan.json"))
        if ProcessInfo.processInfo.environment["CHANJIAO_RECORD"] == "1" {
            try produced.write(to: Self.snapshot)
        }
        let recorded = try Data(contentsOf: Self.snapshot)
        // Compared as a Bool, with the first differing line in the message: an `#expect` on the two
        // Data values themselves makes the test library diff megabytes of bytes, which takes hours.
        let same = produced == recorded
        #expect(
            same,
            "plan.json changed at \(Self.firstDifference(produced, recorded)): review the change, then re-record with CHANJIAO_RECORD=1")
    }

    /// "line N: «produced» ≠ «recorded»" for the first line where two texts differ.
    static func firstDifference(_ a: Data, _ b: Data) -> String {
        let x = String(decoding: a, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let y = String(decoding: b, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(x.count, y.count) where i >= x.count || i >= y.count || x[i] != y[i] {
            let p = i < x.count ? String(x[i].prefix(200)) : "(end)"
            let r = i < y.count ? String(y[i].prefix(200)) : "(end)"
            return "line \(i + 1): «\(p)» ≠ «\(r)»"
        }
        return "no line"
    }
}
