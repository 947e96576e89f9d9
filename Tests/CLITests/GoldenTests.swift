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
        #expect(produced == recorded, "plan.json changed: review the change, then re-record with CHANJIAO_RECORD=1")
    }
}
