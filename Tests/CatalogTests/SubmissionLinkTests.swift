import Foundation
import Testing

@testable import Catalog

/// The server checks one submission with `CatalogLoader.linkSubmission` against catalogs loaded once;
/// the CLI checks the same file with `link` over everything. They must report the same.
@Suite("A submission's link checks equal the full link's")
struct SubmissionLinkTests {
    static let catalogs = ["majors.xml", "occupations.xml", "clusters.xml"].map {
        Paths.root.appendingPathComponent("Catalogs").appendingPathComponent($0).path
    }
    static let loaded = CatalogLoader().load(catalogs)

    static let cases: [(String, DocumentKind)] = [
        ("program-unknown-major.xml", .colleges), ("program-unknown-occupation.xml", .colleges),
        ("program-duplicate-major.xml", .colleges), ("college-duplicate-id.xml", .colleges),
        ("demand-unknown-cluster.xml", .demand), ("demand-unknown-occupation.xml", .demand),
        ("demand-duplicate-role.xml", .demand), ("demand-bad-level.xml", .demand),
    ]

    @Test("each malformed submission gets the same link errors from both paths", arguments: cases.indices)
    func sameDiagnostics(_ i: Int) throws {
        #expect(!Self.loaded.hasErrors)
        let (name, kind) = Self.cases[i]
        let path = URL(fileURLWithPath: Paths.malformed).appendingPathComponent(name).path
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var set = Self.loaded.set
        let (_, parsed) = bytes.withUnsafeBytes {
            CatalogLoader.parse(bytes: $0, name: path, into: &set, options: IngestOptions(), expecting: kind)
        }
        // Schema errors first, as the server does; link errors only for a document that parsed.
        let full = CatalogLoader().load(Self.catalogs + [path]).diagnostics.filter { $0.file == path }
        #expect(!full.isEmpty, "the fixture \(name) should be refused")
        let linkErrors = full.filter { d in !parsed.contains(d) }
        if parsed.contains(where: { $0.severity == .error }) {
            // A document that does not parse stops at its schema errors on the server; the full load
            // reports the same ones (and may add link errors after them).
            #expect(parsed.allSatisfy { full.contains($0) }, "\(parsed) vs \(full)")
        } else {
            let mine = parsed + CatalogLoader.linkSubmission(set)
            #expect(mine == full, "\(mine) vs \(full)")
            #expect(!linkErrors.isEmpty)
        }
    }
}
