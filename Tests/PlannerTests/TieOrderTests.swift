import Catalog
import Foundation
import MatchingCore
import Testing

@testable import Planner

/// Equally good programs share the roles' candidate lists: when more programs tie than a list can
/// hold, each role takes the ones following its own start in index order, not the first in file order.
@Suite("Ties share the candidate lists")
struct TieOrderTests {
    /// Twelve colleges outside the roles' district teach the same uncustomised major (one profile,
    /// one score), ten graduates each; six roles of ten ask for it; a list holds four programs.
    static func world() throws -> (CatalogSet, Plan) {
        let colleges = HandCatalog.colleges(
            (1...12).map { i in
                HandCatalog.college(
                    String(format: "c%02d", i), "学校\(i)", district: "江北区",
                    [HandCatalog.program("460103", enrolment: 10, employment: "0.9", capacity: 20)])
            })
        let roles = (1...6).map { AdviceWorld.role("r\($0)", "数控操作\($0)", "6-18-01-01", 10, ["数控编程"]) }
        let policy = """
            <policy xmlns="urn:chanjiao:policy:1" id="p"><scoring topK="4"/></policy>
            """
        return try AdviceWorld.plan([
            ("policy.xml", policy), ("colleges.xml", colleges),
            ("demand.xml", AdviceWorld.demand("d1", cluster: "X", district: "渝北区", roles)),
        ])
    }

    @Test("each role's list is the four programs after its own start, and the lists together reach more programs")
    func listsFollowEachRolesStart() throws {
        let (set, plan) = try Self.world()
        let space = MatchSpace(set: set, scoring: set.policy.scoring)
        let edges = space.candidates(set: set, threads: 1)
        let starts = MatchSpace.tieStarts(set)
        var lists: Set<[Int32]> = []
        for r in 0..<set.roles.count {
            let got = Array(edges.program[edges.roleStart[r]..<edges.roleStart[r + 1]])
            // All twelve score the same: the four from the role's start, wrapping, stored by index.
            let want = (0..<4).map { Int32((Int(starts[r]) + $0) % 12) }.sorted()
            #expect(got == want, "role \(r) from \(starts[r])")
            lists.insert(got)
        }
        #expect(lists.count > 1, "every role took the same four programs")
        // With one shared list of four programs at most 40 of the 60 asked could be placed.
        let reached = Set(lists.flatMap { $0 }).count
        #expect(reached > 4)
        #expect(plan.accounts.placed > 40, "placed \(plan.accounts.placed) from \(reached) programs")
    }

    @Test("the tie order does not depend on the threads, and the stored order stays by score then index")
    func deterministic() throws {
        let (set, _) = try Self.world()
        let space = MatchSpace(set: set, scoring: set.policy.scoring)
        let one = space.candidates(set: set, threads: 1)
        #expect(space.candidates(set: set, threads: 3) == one)
        for r in 0..<set.roles.count {
            let rows = Array(one.program[one.roleStart[r]..<one.roleStart[r + 1]])
            #expect(rows == rows.sorted())
        }
    }
}
