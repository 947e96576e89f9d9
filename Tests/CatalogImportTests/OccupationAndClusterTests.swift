import CatalogImport
import Foundation
import Testing

@Suite("occupations.xml and clusters.xml")
struct OccupationAndClusterTests {
    @Test("one occupation per dictionary row plus the codes the map adds; flags and levels as in the table")
    func occupations() throws {
        let out = try Fixture.built()
        let t = try Fixture.csv(MoeTables.occupations, ["code", "level", "flags"])
        let elements = FlatXML.parse(out.occupations).all("occupation")
        #expect(elements.count == t.rows.count + out.summary.occupationsAdded)
        let byCode = Dictionary(uniqueKeysWithValues: elements.map { ($0.attributes["code"] ?? "", $0) })
        let levels = ["大类": "major", "中类": "middle", "小类": "minor", "细类": "unit"]
        for row in t.rows {
            let e = try #require(byCode[row.fields[t.column("code")]])
            #expect(e.attributes["level"] == levels[row.fields[t.column("level")]])
            let flags = row.fields[t.column("flags")]
            if flags.contains("S") { #expect(e.attributes["digital"] == "true") }
            if flags.contains("L") { #expect(e.attributes["green"] == "true") }
        }
        let codes = elements.compactMap { $0.attributes["code"] }
        #expect(codes == codes.sorted())
    }

    @Test("occupation task terms: at most 12, short, no sentences")
    func taskTerms() throws {
        let flat = FlatXML.parse(try Fixture.built().occupations)
        var perOccupation: [Int] = []
        var count = 0
        for e in flat.elements {
            if e.name == "occupation" {
                perOccupation.append(count)
                count = 0
            } else if e.name == "term" {
                count += 1
                #expect((2...12).contains(e.text.count), "\(e.text)")
                #expect(!e.text.contains("。") && !e.text.contains("；"))
                #expect(!TermCutter.isStopListed(e.text), "\(e.text)")
            }
        }
        perOccupation.append(count)
        #expect(perOccupation.allSatisfy { $0 <= 12 })
        #expect(perOccupation.reduce(0, +) > 10_000)
    }

    struct Cluster {
        var attributes: [String: String]
        var occupations: [String] = []
        var terms: [String] = []
    }

    func clusters() throws -> [Cluster] {
        var out: [Cluster] = []
        for e in FlatXML.parse(try Fixture.built().clusters).elements {
            switch e.name {
            case "cluster": out.append(Cluster(attributes: e.attributes))
            case "occupation": out[out.count - 1].occupations.append(e.attributes["code"] ?? "")
            case "term": out[out.count - 1].terms.append(e.text)
            default: break
            }
        }
        return out
    }

    @Test("33618 has 3 + 3 + 6 + 18 clusters, 416 has 4 高地 + 8 fields, future has 6 + 3")
    func clusterCounts() throws {
        let all = try clusters()
        func count(_ system: String, _ tier: String) -> Int {
            all.filter { $0.attributes["system"] == system && $0.attributes["tier"] == tier }.count
        }
        #expect(count("33618", "3T") == 3)
        #expect(count("33618", "3F") == 3)
        #expect(count("33618", "6H") == 6)
        #expect(count("33618", "18N-G") + count("33618", "18N-F") == 18)
        #expect(count("416", "4") == 4)
        #expect(count("416", "16") == 8)
        #expect(count("future", "6") == 6)
        #expect(count("future", "3") == 3)
        #expect(all.count == 51)
        let catalog = try #require(FlatXML.parse(try Fixture.built().clusters).all("clusterCatalog").first)
        #expect(catalog.attributes["note"]?.contains("not yet") == true)
    }

    @Test("confidences and names equal the table, in its order")
    func confidencesEqualCSV() throws {
        let t = try Fixture.csv(MoeTables.clusters, ["framework", "item_name", "confidence"])
        let all = try clusters()
        #expect(all.count == t.rows.count)
        for (row, c) in zip(t.rows, all) {
            #expect(c.attributes["name"] == row.fields[t.column("item_name")], "line \(row.line)")
            #expect(c.attributes["confidence"] == row.fields[t.column("confidence")], "line \(row.line)")
            #expect(c.attributes["source"]?.isEmpty == false)
        }
    }

    @Test("each cluster: a unique ASCII id, 4–15 known occupations, 5–20 short terms")
    func clusterDescriptors() throws {
        let all = try clusters()
        let codes = Set(
            FlatXML.parse(try Fixture.built().occupations).all("occupation").compactMap { $0.attributes["code"] }
        )
        let ids = all.compactMap { $0.attributes["id"] }
        #expect(Set(ids).count == all.count)
        for c in all {
            let id = c.attributes["id"] ?? ""
            #expect(id.allSatisfy { $0.isASCII } && !id.isEmpty)
            #expect((4...15).contains(c.occupations.count), "\(id)")
            #expect(c.occupations.allSatisfy { codes.contains($0) }, "\(id)")
            #expect(Set(c.occupations).count == c.occupations.count, "\(id)")
            #expect((5...20).contains(c.terms.count), "\(id)")
            #expect(c.terms.allSatisfy { (1...64).contains($0.count) }, "\(id)")
        }
        #expect(ClusterTable.all.count == 51)
    }
}
