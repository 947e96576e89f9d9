import Foundation
import TestSupport
import Testing

/// Runs the built `chanjiao` binary.
enum CLI {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var binary: URL { BuiltProducts.chanjiao(root: root) }

    typealias Output = ProcessOutput

    static func run(_ arguments: [String]) throws -> Output { try BuiltProducts.run(arguments, root: root) }

    static func temp() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("chanjiao-cli-\(UUID().uuidString)")
    }
}

@Suite("The chanjiao command", .serialized)
struct CLITests {
    @Test("validate: the shipped catalogs are valid")
    func validateShipped() throws {
        let r = try CLI.run(["validate", "Catalogs"])
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test("validate: errors exit 1 with file:line:col, JSON on request; usage errors exit 2")
    func validateErrors() throws {
        let bad = "Tests/CatalogTests/Fixtures/malformed/demand-bad-level.xml"
        let r = try CLI.run(["validate", bad])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(bad):3:50: error:"))
        let j = try CLI.run(["validate", "--format", "json", bad])
        #expect(j.status == 1)
        let parsed = try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [[String: Any]]
        #expect(parsed?.first?["line"] as? Int == 3 && parsed?.first?["column"] as? Int == 50)
        #expect(try CLI.run(["validate"]).status == 2)
        #expect(try CLI.run(["plan", "Catalogs"]).status == 2)
    }

    @Test("plan: the shipped Chongqing set, byte-identical at 1 and 2 threads")
    func planDeterministic() throws {
        let a = CLI.temp()
        let b = CLI.temp()
        defer {
            try? FileManager.default.removeItem(at: a)
            try? FileManager.default.removeItem(at: b)
        }
        let policy = "Catalogs/policy/chongqing.xml"
        let r1 = try CLI.run(["plan", "Catalogs", "--policy", policy, "--threads", "1", "--out", a.path])
        #expect(r1.status == 0, "\(r1.stderr)")
        let r2 = try CLI.run(["plan", "Catalogs", "--policy", policy, "--threads", "2", "--out", b.path])
        #expect(r2.status == 0, "\(r2.stderr)")
        for name in ["plan.json", "programs.csv", "openings.csv", "consortia.csv", "report.md", "report.html"] {
            let x = try Data(contentsOf: a.appendingPathComponent(name))
            let y = try Data(contentsOf: b.appendingPathComponent(name))
            #expect(!x.isEmpty && x == y, "\(name) differs between 1 and 2 threads")
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: a.appendingPathComponent("plan.json")))
        let root = try #require(json as? [String: Any])
        let allocation = try #require(root["allocation"] as? [String: Any])
        #expect(allocation["totalScore"] is Double || allocation["totalScore"] is Int)
        let flows = try #require(allocation["flows"] as? [[String: Any]])
        #expect(!flows.isEmpty)
        for key in ["program", "role", "count", "score"] { #expect(flows[0][key] != nil, "flows lack \(key)") }
        let programs = try #require(root["programs"] as? [[String: Any]])
        #expect(programs.count > 1000)
        for p in programs {
            #expect(["green", "yellow", "red"].contains(p["card"] as? String ?? ""))
            #expect((p["reasons"] as? [String])?.isEmpty == false)
            #expect(p["suggestedEnrolment"] != nil && p["utilisation"] != nil && p["college"] != nil && p["major"] != nil)
        }
        #expect(root["openings"] is [Any])
        let consortia = try #require(root["consortia"] as? [String: Any])
        #expect((consortia["optimal"] as? [Any])?.isEmpty == false)
    }

    @Test("plan --write-network: the written DIMACS network solves to the plan's objective")
    func writeNetwork() throws {
        let out = CLI.temp()
        defer { try? FileManager.default.removeItem(at: out) }
        let network = out.appendingPathComponent("allocation.dimacs")
        let r = try CLI.run([
            "plan", "Catalogs", "--policy", "Catalogs/policy/chongqing.xml", "--out", out.path, "--write-network", network.path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("plan.json")))
        let allocation = try #require((json as? [String: Any])?["allocation"] as? [String: Any])
        let objective = try #require(allocation["objective"] as? Int)
        #expect(objective > 0)
        let flow = try CLI.run(["flow", network.path])
        #expect(flow.status == 0, "\(flow.stderr)")
        // The network minimises −score × costScale, so its optimum is minus the objective.
        #expect(flow.stdout == "s \(-objective)\n")
    }

    @Test("review: one college's files; an unknown college exits 1")
    func review() throws {
        let out = CLI.temp()
        defer { try? FileManager.default.removeItem(at: out) }
        let hand = "Tests/Fixtures/hand"
        let r = try CLI.run(["review", "--college", "c1", hand, "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("plan.json")))
        let programs = try #require((json as? [String: Any])?["programs"] as? [[String: Any]])
        #expect(Set(programs.compactMap { $0["college"] as? String }) == ["c1"])
        #expect(programs.count == 2)
        let bad = try CLI.run(["review", "--college", "nope", hand, "--out", out.path])
        #expect(bad.status == 1 && bad.stderr.contains("nope"))
    }

    @Test("plan: invalid input writes nothing and exits 1")
    func planInvalid() throws {
        let out = CLI.temp()
        let r = try CLI.run(["plan", "Tests/CatalogTests/Fixtures/malformed/program-unknown-major.xml", "--out", out.path])
        #expect(r.status == 1)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("plan.json").path))
    }

    @Test("flow: a tiny DIMACS problem")
    func flow() throws {
        let f = CLI.temp().appendingPathExtension("min")
        try "p min 2 1\nn 1 3\nn 2 -3\na 1 2 0 5 7\n".write(to: f, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: f) }
        let r = try CLI.run(["flow", f.path])
        #expect(r.status == 0 && r.stdout.contains("s 21"))
    }

    @Test("rank: a CNC role ranks 数控 majors first; a nursing role ranks 护理")
    func rank() throws {
        let dir = CLI.temp()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let demand = """
            <demand xmlns="urn:chanjiao:demand:1" id="probe" submitter="test" cluster="c33618-smart-equipment" period="2025">
              <role id="cnc" name="数控编程员" level="technician" headcount="10" educationLevel="higher">
                <skill>数控编程</skill><skill>数控机床操作</skill><skill>CAD/CAM</skill>
              </role>
              <role id="nurse" name="护士" level="technician" headcount="10" educationLevel="higher">
                <skill>基础护理</skill><skill>临床护理</skill>
              </role>
            </demand>
            """
        let file = dir.appendingPathComponent("probe.xml")
        try demand.write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["rank", file.path, "--top", "3"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        let cnc = lines.filter { $0.first == "cnc" }
        let nurse = lines.filter { $0.first == "nurse" }
        #expect(cnc.first?[2] == "460103", "\(cnc)")
        #expect(nurse.first?[2] == "520201", "\(nurse)")
    }
}
