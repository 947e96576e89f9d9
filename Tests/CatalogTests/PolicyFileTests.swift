import Foundation
import Testing

@testable import Catalog

@Suite("The shipped policy files")
struct PolicyFileTests {
    @Test("default.xml states the built-in scoring defaults, the document weights included")
    func defaultFileEqualsBuiltIn() {
        let r = CatalogLoader().load([Paths.root.appendingPathComponent("Catalogs/policy/default.xml").path])
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
        #expect(r.set.policy.id == "default")
        #expect(r.set.policy.scoring == ScoringPolicy())
        #expect(r.set.policy.scoring.documents.majorName == 1.5 && r.set.policy.scoring.documents.linkTask == 0.2)
    }

    @Test("a negative document weight is refused at its attribute")
    func negativeWeightRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chanjiao-weights-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("policy.xml")
        try """
        <policy xmlns="urn:chanjiao:policy:1" id="p"><scoring>
          <documents majorName="-1"/></scoring></policy>
        """.write(to: file, atomically: true, encoding: .utf8)
        let r = CatalogLoader().load([file.path])
        let d = try #require(r.diagnostics.first)
        #expect(d.line == 2)
        #expect(d.message.contains("majorName"))
    }
}
