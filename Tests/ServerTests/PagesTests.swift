import Catalog
import Foundation
import Testing

@testable import Server

@Suite("The cluster page's note on its list")
struct PagesTests {
    @Test("a national standard's classification reads 国家标准分类 as in the report, a confirmed list 来源可靠, another a caveat")
    func confidenceNote() throws {
        let base = try CatalogBase.load(directory: Fixture.catalogs, policyFile: nil)
        var plan = try #require(try PlanService.plan(base.full, revision: 0, threads: 1).plan)
        let i = try #require(plan.set.clusterIndex[Fixture.cluster].map(Int.init))
        func page(_ confidence: String) throws -> String {
            plan.set.clusters[i].confidence = confidence
            return try #require(Pages.cluster(Fixture.cluster, plan: plan))
        }
        let standard = try page("standard")
        #expect(standard.contains("国家标准分类"))
        #expect(!standard.contains("来源可靠"))
        #expect(!standard.contains("名单待官方文件核实"))
        let high = try page("high")
        #expect(high.contains("来源可靠"))
        #expect(!high.contains("国家标准分类"))
        let unverified = try page("medium-unverified")
        #expect(unverified.contains("名单待官方文件核实"))
        #expect(!unverified.contains("来源可靠"))
    }
}
