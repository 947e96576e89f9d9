import Catalog
import Foundation
import TestSupport
import Testing

@testable import Planner

/// Demand accumulated over many accepted files may ask for more posts than `Int32` holds; the plan
/// must still be made (issue 16: `Advisor.openings` trapped, and the server died at every start).
@Suite("Sums past Int32")
struct OverflowTests {
    static let majors = """
        <majorCatalog xmlns="urn:chanjiao:majors:1" edition="2021">
          <category code="46" name="装备制造大类" level="higher">
            <class code="4601" name="机械设计制造类">
              <major code="460103" name="数控技术" level="higher">
                <occupation code="6-18-01-01"/>
                <term kind="course">数控编程</term>
              </major>
              <major code="460104" name="机械制造及自动化" level="higher">
                <occupation code="6-18-01-01"/>
                <term kind="course">数控编程</term>
              </major>
            </class>
          </category>
        </majorCatalog>
        """
    static let occupations = """
        <occupationCatalog xmlns="urn:chanjiao:occupations:1" edition="2022">
          <occupation code="6-18-01-01" name="车工"/>
        </occupationCatalog>
        """
    static let colleges = """
        <colleges xmlns="urn:chanjiao:colleges:1" illustrative="true">
          <college id="c1" name="示例一" district="渝北区" type="higher">
            <program major="460103" enrolment="100" graduates="100" employmentRate="0.95" capacity="130"/>
          </college>
        </colleges>
        """

    /// One demand file of ten roles of 1,000,000 posts each: the most one file may ask for.
    static func demand(_ f: Int) -> String {
        var s = #"<demand xmlns="urn:chanjiao:demand:1" id="d\#(f)" submitter="示例协会" cluster="X" period="2026" district="渝北区">"#
        for i in 0..<10 {
            s += #"<role id="d\#(f)-r\#(i)" name="数控操作" occupation="6-18-01-01" level="technician" headcount="1000000" educationLevel="higher"><skill>数控编程</skill></role>"#
        }
        return s + "</demand>"
    }

    @Test("220 files of 10,000,000 posts each (2.2 billion in all) are planned, and the sums are exact")
    func demandPastInt32() throws {
        let files = [("majors.xml", Self.majors), ("occupations.xml", Self.occupations), ("colleges.xml", Self.colleges)]
            + (0..<220).map { ("demand-\($0).xml", Self.demand($0)) }
        let dir = try TemporaryFiles.directory("chanjiao-overflow", files)
        defer { try? FileManager.default.removeItem(at: dir) }
        let loaded = CatalogLoader().load([dir.path])
        #expect(!loaded.diagnostics.contains { $0.severity == .error }, "\(loaded.diagnostics.prefix(3))")
        let plan = try Planner(policy: Policy()).plan(loaded.set)
        let unmet = plan.unmet.reduce(0) { $0 + Int($1) }
        #expect(unmet == 2_200_000_000 - 100)
        #expect(unmet > Int(Int32.max))
        // The one major worth opening (460104) carries the whole unmet demand, summed without overflow.
        let opening = try #require(plan.openings.first)
        #expect(opening.unmet == unmet)
        #expect(plan.programs[0].shortfallOfItsRoles == unmet)
    }
}
