import Foundation
import Testing

@testable import Catalog

/// A demand submission may name a GB/T 4754 sector instead of a cluster: it loads, is grouped under a
/// `gbt4754-…` cluster that link adds, and a file naming neither, both or a bad code is rejected where
/// it says so.
@Suite("Sector demand")
struct SectorDemandTests {
    static func load(_ rootAttributes: String, validate: Bool = true) throws -> CatalogLoader.Result {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <demand xmlns="urn:chanjiao:demand:1" id="s1" submitter="示例医院协会" \(rootAttributes) period="2026">
              <role id="r1" name="护士" level="technician" headcount="30" educationLevel="higher"/>
            </demand>

            """
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chanjiao-sector-\(UUID().uuidString).xml")
        try Data(xml.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return CatalogLoader(options: IngestOptions(validate: validate), referenceDirectory: Paths.valid).load([url.path])
    }

    @Test("a sector submission loads and is grouped under a named gbt4754 cluster", arguments: [true, false])
    func sectorLoads(validate: Bool) throws {
        let r = try Self.load(#"sector="Q""#, validate: validate)
        #expect(!r.hasErrors, "\(r.diagnostics)")
        let d = try #require(r.set.demands.first)
        #expect(d.sector == "Q")
        #expect(d.cluster == "gbt4754-Q")
        let c = try #require(r.set.clusterIndex["gbt4754-Q"].map { r.set.clusters[Int($0)] })
        #expect(c.name == "卫生和社会工作")
        #expect(c.system == "gbt4754")
        #expect(r.set.clusters.filter { $0.id == "gbt4754-Q" }.count == 1)
    }

    @Test("a 大类 code is accepted and named after its 门类")
    func divisionCode() throws {
        let r = try Self.load(#"sector="J66""#)
        #expect(!r.hasErrors, "\(r.diagnostics)")
        #expect(r.set.clusters.first { $0.id == "gbt4754-J66" }?.name == "金融业（J66）")
    }

    @Test(
        "neither cluster nor sector, both, or a bad code: an error on the demand line",
        arguments: [
            ("", "cluster"), (#"cluster="c33618-equip" sector="Q""#, "not both"), (#"sector="Z1""#, "Z1"),
        ])
    func rejected(_ attributes: String, _ keyword: String) throws {
        for validate in [true, false] {
            let r = try Self.load(attributes, validate: validate)
            #expect(r.hasErrors)
            let first = try #require(r.diagnostics.first { $0.severity == .error })
            #expect(first.line == 2, "\(first)")
            #expect(first.message.contains(keyword), "\(first.message) should mention \(keyword)")
        }
    }
}
