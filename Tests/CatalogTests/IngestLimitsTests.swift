import Foundation
import TestSupport
import Testing

@testable import Catalog

/// A file's counts may not add up past `IngestLimits` (issue 16: one demand of 2,148 roles of
/// 1,000,000 posts made every later plan trap on `Int32` overflow).
@Suite("Per-file limits on counts")
struct IngestLimitsTests {
    static func demand(roles: Int, headcount: Int) -> String {
        var s = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        s += #"<demand xmlns="urn:chanjiao:demand:1" id="d1" submitter="示例协会" cluster="X" period="2026" district="渝北区">"# + "\n"
        for i in 0..<roles {
            s +=
                #"  <role id="r\#(i)" name="岗位" level="technician" headcount="\#(headcount)" educationLevel="higher"><skill>数控编程</skill></role>"#
                + "\n"
        }
        return s + "</demand>\n"
    }

    static func colleges(programs: Int, graduates: Int) -> String {
        var s = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        s += #"<colleges xmlns="urn:chanjiao:colleges:1">"# + "\n"
        s += #"  <college id="c1" name="示例一" district="渝北区" type="higher">"# + "\n"
        for i in 0..<programs {
            s +=
                #"    <program id="p\#(i)" major="460103" enrolment="\#(graduates)" graduates="\#(graduates)" employmentRate="0.9" capacity="\#(graduates)"/>"#
                + "\n"
        }
        return s + "  </college>\n</colleges>\n"
    }

    static func errors(_ name: String, _ text: String, validate: Bool) throws -> [Diagnostic] {
        let dir = try TemporaryFiles.directory("chanjiao-limits", [(name, text)])
        defer { try? FileManager.default.removeItem(at: dir) }
        var options = IngestOptions()
        options.validate = validate
        let r = CatalogLoader(options: options).load([dir.appendingPathComponent(name).path])
        return r.diagnostics.filter { $0.severity == .error && $0.message.contains("add up to more than") }
    }

    @Test("a demand file asking for more than 10,000,000 posts is refused at the role that passes the limit", arguments: [true, false])
    func demandTotal(validate: Bool) throws {
        // Ten roles of 1,000,000 are exactly the limit; the eleventh (line 13) passes it.
        #expect(try Self.errors("d.xml", Self.demand(roles: 10, headcount: 1_000_000), validate: validate).isEmpty)
        let errors = try Self.errors("d.xml", Self.demand(roles: 2_148, headcount: 1_000_000), validate: validate)
        #expect(errors.count == 1)
        #expect(errors.first?.line == 13)
        #expect(errors.first?.column ?? 0 > 1)
        #expect(errors.first?.file.hasSuffix("d.xml") == true)
    }

    @Test("a colleges file with more than 10,000,000 graduates is refused at the program that passes the limit", arguments: [true, false])
    func collegesTotal(validate: Bool) throws {
        #expect(try Self.errors("c.xml", Self.colleges(programs: 10, graduates: 1_000_000), validate: validate).isEmpty)
        let errors = try Self.errors("c.xml", Self.colleges(programs: 11, graduates: 1_000_000), validate: validate)
        // Enrolment and graduates each pass the limit on the eleventh program (line 14).
        #expect(errors.count == 2)
        #expect(errors.allSatisfy { $0.line == 14 })
    }
}
