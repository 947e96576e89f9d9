import Foundation
import Testing

@Suite("plan --horizon, plan --scenario and compare")
struct ScenarioCLITests {
    @Test("the shipped policies compare in one command, and compare of two outputs gives the same differences")
    func scenario() throws {
        let out = CLI.temp()
        let one = CLI.temp()
        let cmp = CLI.temp()
        defer { for u in [out, one, cmp] { try? FileManager.default.removeItem(at: u) } }
        let r = try CLI.run([
            "plan", "Catalogs", "--policy", "Catalogs/policy/chongqing.xml", "--scenario", "Catalogs/policy/default.xml",
            "--out", out.path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("<h2 id=\"compare\">方案对比</h2>"))
        #expect(html.contains("<h2 id=\"pipeline\">未来 4 年：劳动力市场毕业生与需求</h2>"))
        for name in ["compare.json", "compare.csv", "pipeline.csv"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name)")
        }
        // The same plan under the default policy alone, then `compare` on the two folders.
        let d = try CLI.run(["plan", "Catalogs", "--policy", "Catalogs/policy/default.xml", "--out", one.path])
        #expect(d.status == 0, "\(d.stderr)")
        let c = try CLI.run(["compare", out.path, one.path, "--out", cmp.path])
        #expect(c.status == 0, "\(c.stderr)")
        let a = try Data(contentsOf: out.appendingPathComponent("compare.csv"))
        let b = try Data(contentsOf: cmp.appendingPathComponent("compare.csv"))
        #expect(a == b)
        #expect(FileManager.default.fileExists(atPath: cmp.appendingPathComponent("compare.html").path))

        // The comparison says what the two plan.json files say: card counts, cards that differ.
        func object(_ url: URL) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        }
        func cards(_ plan: [String: Any]) -> [String: String] {
            var out: [String: String] = [:]
            for p in plan["programs"] as? [[String: Any]] ?? [] { out[p["program"] as? String ?? "?"] = p["card"] as? String }
            return out
        }
        let cardsA = cards(try object(out.appendingPathComponent("plan.json")))
        let cardsB = cards(try object(one.appendingPathComponent("plan.json")))
        #expect(cardsA.count > 1000 && Set(cardsA.keys) == Set(cardsB.keys))
        let flipped = cardsA.keys.filter { cardsA[$0] != cardsB[$0] }.sorted()
        #expect(!flipped.isEmpty)
        for (dir, label) in [(out, "（chongqing.xml）"), (cmp, "（\(out.path)）")] {
            let j = try object(dir.appendingPathComponent("compare.json"))
            #expect((j["a"] as? String)?.hasSuffix(label) == true, "\(String(describing: j["a"]))")
            let counts = j["cards"] as? [String: [String: Int]]
            for (side, cs) in [("a", cardsA), ("b", cardsB)] {
                for card in ["green", "yellow", "red"] {
                    #expect(counts?[side]?[card] == cs.values.filter { $0 == card }.count, "\(side) \(card)")
                }
            }
            let flips = (j["flips"] as? [[String: Any]] ?? []).compactMap { $0["program"] as? String }
            #expect(flips.sorted() == flipped)
            #expect(j["programsInOnePlanOnly"] as? Int == 0)
            #expect((j["lastYear"] as? [String: String]) == ["a": "2030年", "b": "2030年"])
        }
        // report.html's section counts them with thousands separators.
        var grouped = String(flipped.count)
        var i = grouped.count - 3
        while i > 0 {
            grouped.insert(",", at: grouped.index(grouped.startIndex, offsetBy: i))
            i -= 3
        }
        #expect(html.contains("牌色不同的专业点 \(grouped) 个"), "\(flipped.count)")
    }

    @Test("bad arguments: a horizon out of range is a usage error, a missing plan is an input error")
    func errors() throws {
        let out = CLI.temp()
        defer { try? FileManager.default.removeItem(at: out) }
        let h = try CLI.run(["plan", "Catalogs", "--horizon", "21", "--out", out.path])
        #expect(h.status == 2)
        let m = try CLI.run(["compare", "/nonexistent-a", "/nonexistent-b", "--out", out.path])
        #expect(m.status == 1)
        #expect(m.stderr == "error: cannot read /nonexistent-a\n", "\(m.stderr)")
        // A folder without plan.json names the file it looked for.
        let empty = CLI.temp()
        defer { try? FileManager.default.removeItem(at: empty) }
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let f = try CLI.run(["compare", empty.path, "/nonexistent-b", "--out", out.path])
        #expect(f.status == 1)
        #expect(f.stderr == "error: cannot read \(empty.path)/plan.json\n", "\(f.stderr)")
    }

    @Test("a bad --scenario fails before the inputs are read and planned")
    func badScenario() throws {
        let out = CLI.temp()
        defer { try? FileManager.default.removeItem(at: out) }
        // The inputs are missing too: only the scenario's error is reported, so it was checked first.
        let r = try CLI.run(["plan", "/nonexistent-inputs", "--scenario", "/nonexistent-scenario.xml", "--out", out.path])
        #expect(r.status == 1)
        #expect(r.stderr == "/nonexistent-scenario.xml:0:0: error: no such file or directory\n", "\(r.stderr)")
        // A catalog file is not a policy.
        let m = try CLI.run(["plan", "/nonexistent-inputs", "--scenario", "Catalogs/occupations.xml", "--out", out.path])
        #expect(m.status == 1)
        #expect(m.stderr == "error: Catalogs/occupations.xml: no policy (urn:chanjiao:policy:1) in the scenario file\n", "\(m.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
