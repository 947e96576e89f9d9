import Catalog
import MatchingCore

/// Pairs colleges with consortium anchors (clusters city-wide, districts across clusters):
/// the optimal b-matching by min-cost flow, and college-proposing deferred acceptance beside it.
enum Consortia {
    static func pair(plan: Plan) throws(PlannerError) -> ConsortiumPlan {
        let set = plan.set
        let limits = plan.policy.consortia
        // Anchors: clusters with demand, then districts with demand, in first-seen order.
        var anchors: [(kind: AnchorKind, key: String, name: String)] = []
        var anchorIndex: [String: Int] = [:]
        func anchor(_ kind: AnchorKind, _ key: String, _ name: String) -> Int {
            let k = "\(kind.rawValue):\(key)"
            if let i = anchorIndex[k] { return i }
            anchors.append((kind, key, name))
            anchorIndex[k] = anchors.count - 1
            return anchors.count - 1
        }
        var roleAnchors: [[Int]] = []
        for role in set.roles {
            let cluster = set.demands[Int(role.submission)].cluster
            let name = set.clusterIndex[cluster].map { set.clusters[Int($0)].name } ?? cluster
            var a = [anchor(.cluster, cluster, name)]
            if let d = role.district { a.append(anchor(.district, d, "\(d)市域产教联合体")) }
            roleAnchors.append(a)
        }
        // Weight (college, anchor) = Σ flow × score, in hundredths.
        var weight: [Int: Double] = [:]
        let A = max(anchors.count, 1)
        for f in plan.flows {
            let c = Int(set.programs[Int(f.program)].college)
            for a in roleAnchors[Int(f.role)] { weight[c * A + a, default: 0] += Double(f.count) * Double(f.score) }
        }
        let pairs = weight.keys.sorted()
        var bm = BipartiteBMatching(leftCount: set.colleges.count, rightCount: anchors.count)
        var candidatesPerAnchor = [Int](repeating: 0, count: anchors.count)
        do {
            for c in set.colleges.indices { try bm.setLeftCapacity(c, Int64(limits.maxPerCollege)) }
            for key in pairs {
                let w = Int64((weight[key]! * 100).rounded())
                guard w > 0 else { continue }
                try bm.addEdge(left: key / A, right: key % A, weight: w)
                candidatesPerAnchor[key % A] += 1
            }
            var relaxed = false
            for a in anchors.indices {
                let lower = candidatesPerAnchor[a] >= limits.minColleges ? Int64(limits.minColleges) : 0
                if lower == 0 && candidatesPerAnchor[a] > 0 { relaxed = true }
                try bm.setRightBounds(a, lower: lower, upper: Int64(limits.maxColleges))
            }
            var result = try bm.solve()
            if result.status != .optimal {
                relaxed = true
                for a in anchors.indices { try bm.setRightBounds(a, lower: 0, upper: Int64(limits.maxColleges)) }
                result = try bm.solve()
            }
            var optimalMembers = [[Int32]](repeating: [], count: anchors.count)
            for e in result.amount.indices where result.amount[e] > 0 {
                optimalMembers[Int(bm.edgeRight[e])].append(bm.edgeLeft[e])
            }
            // Stable: colleges propose to anchors by weight; anchors rank colleges by weight.
            var da = DeferredAcceptance(
                proposerCount: set.colleges.count, receiverCount: anchors.count, proposerQuota: limits.maxPerCollege,
                receiverQuota: limits.maxColleges)
            for e in bm.edgeLeft.indices {
                try da.addEdge(
                    proposer: Int(bm.edgeLeft[e]), receiver: Int(bm.edgeRight[e]), proposerWeight: bm.edgeWeight[e],
                    receiverWeight: bm.edgeWeight[e])
            }
            let stableResult = try da.solve()
            var stableMembers = [[Int32]](repeating: [], count: anchors.count)
            for e in stableResult.matchedEdges { stableMembers[Int(bm.edgeRight[e])].append(bm.edgeLeft[e]) }

            func consortia(_ members: [[Int32]]) -> ([Consortium], Double) {
                var out: [Consortium] = []
                var total = 0.0
                for (a, m) in members.enumerated() where m.count >= max(1, limits.minColleges) {
                    let ws = m.map { weight[Int($0) * A + a] ?? 0 }
                    let order = m.indices.sorted { ws[$0] > ws[$1] || (ws[$0] == ws[$1] && m[$0] < m[$1]) }
                    let w = (ws.reduce(0, +) * 10_000).rounded() / 10_000
                    total += w
                    out.append(
                        Consortium(
                            kind: anchors[a].kind, anchor: anchors[a].key, name: anchors[a].name,
                            colleges: order.map { m[$0] }, weight: w))
                }
                return (out, (total * 10_000).rounded() / 10_000)
            }
            let (optimal, ow) = consortia(optimalMembers)
            let (stable, sw) = consortia(stableMembers)
            func pairSet(_ cs: [Consortium]) -> [String: (Int32, String)] {
                var d: [String: (Int32, String)] = [:]
                for c in cs { for m in c.colleges { d["\(m)|\(c.kind.rawValue):\(c.anchor)"] = (m, c.anchor) } }
                return d
            }
            let po = pairSet(optimal)
            let ps = pairSet(stable)
            let onlyO = po.keys.filter { ps[$0] == nil }.sorted().map { (college: po[$0]!.0, anchor: po[$0]!.1) }
            let onlyS = ps.keys.filter { po[$0] == nil }.sorted().map { (college: ps[$0]!.0, anchor: ps[$0]!.1) }
            return ConsortiumPlan(
                optimal: optimal, stable: stable, optimalWeight: ow, stableWeight: sw, onlyOptimal: onlyO,
                onlyStable: onlyS, relaxedMinimum: relaxed)
        } catch {
            throw PlannerError.allocationFailed("consortium pairing: \(error)")
        }
    }
}
