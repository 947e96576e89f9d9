import Foundation
import Testing

@testable import Catalog

/// Paths of the test fixtures and of the repository.
enum Paths {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let valid = fixtures.appendingPathComponent("valid").path
    static let malformed = fixtures.appendingPathComponent("malformed").path
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
}

struct MalformedCase: Codable, Sendable, CustomStringConvertible {
    var file: String
    var line: Int
    var column: Int
    var keywords: [String]
    var description: String { file }

    static let all: [MalformedCase] = {
        let url = URL(fileURLWithPath: Paths.malformed).appendingPathComponent("expected.json")
        guard let data = try? Data(contentsOf: url) else { return [] }
        return (try? JSONDecoder().decode([MalformedCase].self, from: data)) ?? []
    }()
}

@Suite("Ingest of the six formats")
struct IngestTests {
    @Test("every valid fixture loads without error into the model")
    func validFixtures() throws {
        let r = CatalogLoader().load([Paths.valid])
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
        let s = r.set
        #expect(s.files.count == 6)
        #expect(s.majors.map(\.code) == ["460103", "520201"])
        #expect(s.majors[1].national)
        #expect(s.majors[0].terms.count == 3)
        #expect(s.majors[0].terms[2].generic)
        #expect(s.terms[s.majors[0].terms[0].term] == "数控编程")
        #expect(s.occupations.count == 2)
        #expect(s.clusters.first?.confidence == "high")
        #expect(s.colleges.count == 1 && s.colleges[0].illustrative)
        let p = try #require(s.programs.first)
        #expect(p.major == 0 && p.enrolment == 100 && p.graduates == 90 && p.capacity == 120)
        #expect(abs(p.employmentRate - 0.93) < 1e-6 && abs(p.dualTeacherRatio - 0.7) < 1e-6)
        #expect(p.history.count == 2 && p.history[0].year == 2023 && p.history[1].firstChoiceRate.isNaN)
        #expect(s.roles.count == 2 && s.roles[0].skills.count == 2 && s.roles[0].skills[0].weight == 2)
        #expect(s.roles[1].occupation == nil && s.roles[1].district == "渝北区")
        #expect(s.demands[0].roles == 0..<2)
        let policy = s.policy
        #expect(policy.id == "test" && policy.scoring.alpha == 0.5 && policy.scoring.topK == 16)
        #expect(policy.scoring.levelFit(.secondary, .technician) == 0.4)
        #expect(policy.rules.count == 2 && policy.supplyDemand.count == 3)
        #expect(policy.consortia.maxPerCollege == 2)
        if case .anyOf(let conditions, let k) = policy.rules[1].trigger {
            #expect(conditions.count == 3 && k == 2)
        } else {
            Issue.record("rule any2 should be anyOf")
        }
    }

    @Test("the same files load the same in trusted mode")
    func trustedMode() {
        let r = CatalogLoader(options: IngestOptions(validate: false)).load([Paths.valid])
        #expect(r.diagnostics.isEmpty)
        #expect(r.set.programs.count == 1 && r.set.roles.count == 2)
    }

    @Test("a malformed file is reported at its line and column", arguments: MalformedCase.all)
    func malformed(_ c: MalformedCase) throws {
        let path = (Paths.malformed as NSString).appendingPathComponent(c.file)
        let r = CatalogLoader(referenceDirectory: Paths.valid).load([path])
        #expect(r.hasErrors)
        let first = try #require(r.diagnostics.first { $0.severity == .error })
        #expect(first.file == path)
        #expect(first.line == c.line, "\(first)")
        #expect(first.column == c.column, "\(first)")
        for k in c.keywords {
            #expect(first.message.contains(k), "\(first.message) should mention \(k)")
        }
    }

    @Test("there are at least 30 malformed fixtures")
    func enoughMalformed() {
        #expect(MalformedCase.all.count >= 30)
    }

    @Test("trusted mode still reports bad values with their position")
    func trustedModeErrors() throws {
        let path = (Paths.malformed as NSString).appendingPathComponent("demand-bad-level.xml")
        let r = CatalogLoader(options: IngestOptions(validate: false), referenceDirectory: Paths.valid).load([path])
        let first = try #require(r.diagnostics.first)
        #expect(first.line == 3 && first.column == 50 && first.message.contains("boss"))
    }

    @Test("an attribute on a continuation line is located on that line")
    func multilineTag() throws {
        let xml = """
            <colleges xmlns="urn:chanjiao:colleges:1">
              <college id="c1"
                       name="x"
                       district="d" type="nope"/>
            </colleges>
            """
        let r = try load(xml)
        let d = try #require(r.diagnostics.first)
        #expect(d.line == 4 && d.column == 25, "\(d)")
    }

    @Test("predefined entities and character references in attributes and text are decoded")
    func entities() throws {
        let xml = """
            <colleges xmlns="urn:chanjiao:colleges:1">
              <college id="c1" name="A&amp;B &lt;C&gt; &#25968;" district="d" type="higher"/>
            </colleges>
            """
        let r = try load(xml)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
        #expect(r.set.colleges.first?.name == "A&B <C> 数")
    }

    @Test("an external entity is refused and never read")
    func xxe() throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("chanjiao-secret-\(getpid()).txt")
        try "TOP-SECRET-CONTENT".write(to: secret, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: secret) }
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE colleges [<!ENTITY x SYSTEM "file://\(secret.path)">]>
            <colleges xmlns="urn:chanjiao:colleges:1">
              <college id="c1" name="&x;" district="d" type="higher"/>
            </colleges>
            """
        let r = try load(xml)
        #expect(r.hasErrors)
        #expect(r.diagnostics.allSatisfy { !$0.message.contains("TOP-SECRET") })
        #expect(r.set.colleges.allSatisfy { !$0.name.contains("TOP-SECRET") })
        #expect(r.diagnostics.first?.message.contains("DOCTYPE") == true)
    }

    @Test("billion laughs is refused at once")
    func billionLaughs() throws {
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
        for i in 1...9 {
            let prev = i == 1 ? "lol" : "lol\(i - 1)"
            xml += " <!ENTITY lol\(i) \"" + String(repeating: "&\(prev);", count: 10) + "\">\n"
        }
        xml += "]>\n<demand xmlns=\"urn:chanjiao:demand:1\" id=\"d\" submitter=\"&lol9;\" cluster=\"c\" period=\"p\"/>\n"
        let clock = ContinuousClock()
        var result: CatalogLoader.Result?
        let elapsed = try clock.measure { result = try load(xml) }
        #expect(result?.hasErrors == true)
        #expect(result?.diagnostics.first?.line == 2)
        #expect(elapsed < .seconds(5))
    }

    @Test("a DOCTYPE after a comment is refused too")
    func doctypeAfterComment() throws {
        let r = try load("<!-- c -->\n<!DOCTYPE x SYSTEM \"http://example.invalid/x.dtd\">\n<x/>")
        #expect(r.diagnostics.first?.line == 2 && r.diagnostics.first?.message.contains("DOCTYPE") == true)
    }

    @Test("files over the size limit are refused before parsing")
    func sizeLimit() throws {
        let path = (Paths.valid as NSString).appendingPathComponent("colleges.xml")
        let r = CatalogLoader(options: IngestOptions(maxBytes: 100)).load([path])
        #expect(r.diagnostics.first?.message.contains("over the limit") == true)
    }

    @Test("deep nesting is refused")
    func depth() throws {
        let xml =
            "<colleges xmlns=\"urn:chanjiao:colleges:1\">" + String(repeating: "<a>", count: 200)
            + String(repeating: "</a>", count: 200) + "</colleges>"
        let r = try load(xml)
        #expect(r.diagnostics.contains { $0.message.contains("nested deeper") })
    }

    @Test("more than 100 errors are cut to 100 and a count")
    func errorLimit() throws {
        var xml = "<colleges xmlns=\"urn:chanjiao:colleges:1\">\n<college id=\"c\" name=\"n\" district=\"d\" type=\"higher\">\n"
        for i in 0..<150 {
            xml +=
                "<program major=\"4601\(String(format: "%02d", i % 100))\" enrolment=\"x\" graduates=\"1\" employmentRate=\"0.5\" capacity=\"1\"/>\n"
        }
        xml += "</college></colleges>"
        let r = try load(xml, reference: nil)
        #expect(r.diagnostics.count >= 101)
        #expect(r.diagnostics.contains { $0.message.contains("more diagnostics not shown") })
    }

    @Test("UTF-16 with a byte-order mark gets a clear error")
    func utf16() throws {
        var data = Data([0xFF, 0xFE])
        data.append("<colleges xmlns=\"urn:chanjiao:colleges:1\"/>".data(using: .utf16LittleEndian)!)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chanjiao-u16-\(getpid()).xml")
        try data.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let r = CatalogLoader().load([url.path])
        #expect(r.diagnostics.first?.message.contains("UTF-8") == true)
    }

    @Test("a folder is read recursively and a missing path is an error")
    func folders() {
        let r = CatalogLoader().load([Paths.valid, "/nonexistent/chanjiao"])
        #expect(r.set.files.count == 6)
        #expect(r.diagnostics.contains { $0.file == "/nonexistent/chanjiao" && $0.message.contains("no such file") })
    }

    @Test("in-memory documents are read like files")
    func memory() throws {
        let path = (Paths.valid as NSString).appendingPathComponent("demand.xml")
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var set = CatalogSet()
        let (kind, diagnostics) = data.withUnsafeBytes {
            CatalogLoader.parse(bytes: $0, name: "body", into: &set, options: IngestOptions(), expecting: .demand)
        }
        #expect(kind == .demand && diagnostics.isEmpty && set.roles.count == 2)
    }

    @Test("the embedded schemas equal Catalogs/schema (run Scripts/embed-schemas.sh after editing an XSD)")
    func embeddedSchemas() throws {
        for kind in DocumentKind.allCases {
            let url = Paths.root.appendingPathComponent("Catalogs/schema/\(kind.rawValue).xsd")
            let onDisk = try String(contentsOf: url, encoding: .utf8)
            #expect(onDisk.trimmingCharacters(in: .newlines) == kind.schemaText, "\(kind)")
        }
    }

    private func load(_ xml: String, reference: String? = Paths.valid) throws -> CatalogLoader.Result {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chanjiao-test-\(UUID().uuidString).xml")
        try xml.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        return CatalogLoader(referenceDirectory: reference).load([url.path])
    }
}
