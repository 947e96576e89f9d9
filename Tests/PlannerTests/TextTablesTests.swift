import Catalog
import Foundation
import Testing

@testable import Planner

@Suite("Noise phrases and synonyms (Catalogs/text)")
struct TextTablesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("the embedded tables equal Catalogs/text (run Scripts/embed-text.sh after editing them)")
    func embedded() throws {
        let noise = try String(contentsOf: Self.root.appendingPathComponent("Catalogs/text/noise.txt"), encoding: .utf8)
        let synonyms = try String(contentsOf: Self.root.appendingPathComponent("Catalogs/text/synonyms.tsv"), encoding: .utf8)
        #expect(noise == EmbeddedText.noise + "\n")
        #expect(synonyms == EmbeddedText.synonyms + "\n")
        #expect(TextTables.shipped.noise.contains("五险一金") && TextTables.shipped.latin["plc"] != nil)
    }

    @Test("noise is cut out of a term; abbreviations and colloquial words gain the catalog's wording")
    func features() {
        #expect(Vectorizer.features(of: "五险一金").isEmpty)
        #expect(Vectorizer.features(of: "包吃住") == [])
        #expect(Vectorizer.features(of: "数控车床（急招）") == Vectorizer.features(of: "数控车床"))
        let plc = Vectorizer.features(of: "PLC维护")
        #expect(plc.contains("plc") && plc.contains("可编") && plc.contains("电气"))
        #expect(Vectorizer.features(of: "CNC操机").contains("数控"))
        // A term without any key or noise keeps its plain features.
        #expect(Vectorizer.features(of: "数控编程") == ["数控", "控编", "编程"])
    }

    @Test("a noise phrase does not change a ranking or a score")
    func noiseDoesNotMove() throws {
        let plain = [LinkWorld.role("r", "数控操作", occupation: nil, ["数控编程", "基础护理"])]
        let noisy = [LinkWorld.role("r", "数控操作（急招）", occupation: nil, ["数控编程", "基础护理", "五险一金", "包吃住", "接受倒班", "有驾照优先"])]
        func ranked(_ roles: [String]) throws -> [ScoredRowSnapshot] {
            let set = try LinkWorld.load(roles)
            let space = MatchSpace(set: set, scoring: set.policy.scoring)
            var scratch = space.rankingScratch()
            return space.rankMajors(role: 0, level: .higher, k: 5, floor: 1e-6, scratch: &scratch).map {
                ScoredRowSnapshot(row: $0.row, score: $0.score)
            }
        }
        let a = try ranked(plain)
        let b = try ranked(noisy)
        #expect(a.count == 2 && a == b, "\(a) vs \(b)")
    }
}

struct ScoredRowSnapshot: Equatable {
    var row: Int32
    var score: Float
}
