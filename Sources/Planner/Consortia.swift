import Catalog
import MatchingCore

/// Pairs colleges with consortium anchors (clusters city-wide, districts across clusters): the
/// optimal b-matching by min-cost flow and college-proposing deferred acceptance beside it, both
/// on the same instance, so the optimal total is never below the stable one.
enum Consortia {
    /// Weights are counted in ten-thousandths, so that both pairings sum the same integers.
    static let scale = 10_000.0

    /// A pairing instance: colleges (left) with a cap each, anchors (right) with a cap each, and
    /// the pairs that may be matched with their weights (> 0).
    struct Instance: Sendable {
        var collegeCap: [Int]
        var anchorCap: [Int]
        var pairs: [(college: Int, anchor: Int, weight: Int64)]
    }

    /// The optimal and the stable matching of `instance` (indices into `pairs`, ascending).
    ///
    /// Both respect the same caps and use the same pairs; deferred acceptance's matching is one
    /// of the b-matching's feasible solutions, so Σ weight(optimal) ≥ Σ weight(stable).
    static func solve(_ instance: Instance) throws(PlannerError) -> (optimal: [Int], stable: [Int]) {
        do {
            var bm = BipartiteBMatching(leftCount: instance.collegeCap.count, rightCount: instance.anchorCap.count)
            var da = DeferredAcceptance(
                proposerCount: instance.collegeCap.count, receiverCount: instance.anchorCap.count)
            for (c, cap) in instance.collegeCap.enumerated() {
                try bm.setLeftCapacity(c, Int64(max(0, cap)))
                try da.setProposerQuota(c, max(0, cap))
            }
            for (a, cap) in instance.anchorCap.enumerated() {
                try bm.setRightBounds(a, lower: 0, upper: Int64(max(0, cap)))
                try da.setReceiverQuota(a, max(0, cap))
            }
            for p in instance.pairs where p.weight > 0 {
                try bm.addEdge(left: p.college, right: p.anchor, weight: p.weight)
                try da.addEdge(proposer: p.college, receiver: p.anchor, proposerWeight: p.weight, receiverWeight: p.weight)
            }
            let positive = instance.pairs.indices.filter { instance.pairs[$0].weight > 0 }
            let result = try bm.solve()
            guard result.status == .optimal else { throw PlannerError.allocationFailed("consortium pairing infeasible") }
            let optimal = result.amount.indices.filter { result.amount[$0] > 0 }.map { positive[$0] }
            let stable = try da.solve().matchedEdges.map { positive[$0] }.sorted()
            return (optimal, stable)
        } catch let e as PlannerError {
            throw e
        } catch {
            throw PlannerError.allocationFailed("consortium pairing: \(error)")
        }
    }

    /// Proposes the plan's consortia: both pairings on one instance, and how they differ.
    ///
    /// The steps: the anchors (`Anchors`), the weight of each (college, anchor) (`weights`), the
    /// district anchors' local members fixed first (`Locality`), the pairs left to the matching
    /// (`openPairs`), both pairings (`solve`), each turned into consortia (`Setting.consortia`),
    /// and their comparison (`compare`). Guides/Consortia.md describes the model.
    /// - Complexity: O(F + E + R + P log P) besides the two solvers, with F flows, E candidate
    ///   edges, R roles and P pairs of positive weight.
    static func pair(allocation: Allocation, edges: CandidateEdges) throws(PlannerError) -> ConsortiumPlan {
        let set = allocation.set
        let limits = allocation.policy.consortia
        let anchors = Anchors(set: set)
        let weight = weights(of: allocation, anchors: anchors)
        let touches = districtTouches(set: set, edges: edges, anchors: anchors)
        let locality = Locality(set: set, anchors: anchors, weight: weight, touches: touches, limits: limits)
        let pairs = openPairs(set: set, anchors: anchors, weight: weight, locality: locality)
        let instance = Instance(collegeCap: locality.collegeCap, anchorCap: locality.anchorCap, pairs: pairs)
        let (optimalPairs, stablePairs) = try solve(instance)
        let setting = Setting(
            set: set, limits: limits, anchors: anchors, weight: weight, locality: locality,
            lead: leadSubmissions(of: allocation, anchors: anchors))
        return compare(
            optimal: setting.consortia(chosen: optimalPairs, of: pairs),
            stable: setting.consortia(chosen: stablePairs, of: pairs), limits: limits)
    }
}
