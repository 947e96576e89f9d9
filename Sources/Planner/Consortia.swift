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

    static func pair(plan: Plan, edges: CandidateEdges) throws(PlannerError) -> ConsortiumPlan {
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
        let A = max(anchors.count, 1)
        // Weight (college, anchor) = Σ flow × score, in ten-thousandths.
        var weightD: [Int: Double] = [:]
        for f in plan.flows {
            let c = Int(set.programs[Int(f.program)].college)
            for a in roleAnchors[Int(f.role)] { weightD[c * A + a, default: 0] += Double(f.count) * Double(f.score) }
        }
        var weight: [Int: Int64] = [:]
        for (k, w) in weightD { weight[k] = Int64((w * scale).rounded()) }
        // Colleges with a matching program (a candidate edge) for a role of each district anchor.
        var touches = Set<Int>()
        for r in set.roles.indices where roleAnchors[r].count > 1 {
            let a = roleAnchors[r][1]
            for e in edges.roleStart[r]..<edges.roleStart[r + 1] {
                touches.insert(Int(set.programs[Int(edges.program[e])].college) * A + a)
            }
        }
        // Lead enterprise: per anchor, the submission whose roles took the most, then asked the most.
        var subFlow: [Int: Double] = [:]
        var subHead: [Int: Int] = [:]
        let S = max(set.demands.count, 1)
        for (r, role) in set.roles.enumerated() {
            for a in roleAnchors[r] { subHead[a * S + Int(role.submission), default: 0] += Int(role.headcount) }
        }
        for f in plan.flows {
            let sub = Int(set.roles[Int(f.role)].submission)
            for a in roleAnchors[Int(f.role)] { subFlow[a * S + sub, default: 0] += Double(f.count) * Double(f.score) }
        }
        var lead = [Int?](repeating: nil, count: anchors.count)
        for key in subHead.keys.sorted() {
            let a = key / S
            let s = key % S
            if let cur = lead[a] {
                let kc = a * S + cur
                let better =
                    (subFlow[key] ?? 0, subHead[key] ?? 0) > (subFlow[kc] ?? 0, subHead[kc] ?? 0)
                if better { lead[a] = s }
            } else {
                lead[a] = s
            }
        }

        // District anchors take their own district's colleges first: every local college with a
        // matching program is a member (up to the anchor's maximum, by weight); only when fewer
        // than the minimum are local may the matching add colleges from elsewhere, up to the minimum.
        var forced = [[Int]](repeating: [], count: anchors.count)
        var collegeCap = [Int](repeating: limits.maxPerCollege, count: set.colleges.count)
        var anchorCap = [Int](repeating: limits.maxColleges, count: anchors.count)
        var closed = [Bool](repeating: false, count: anchors.count)
        var notes = [String?](repeating: nil, count: anchors.count)
        var collegesByDistrict: [String: [Int]] = [:]
        for (c, college) in set.colleges.enumerated() { collegesByDistrict[college.district, default: []].append(c) }
        for (a, anc) in anchors.enumerated() where anc.kind == .district {
            var local = (collegesByDistrict[anc.key] ?? []).filter { c in
                touches.contains(c * A + a) || (weight[c * A + a] ?? 0) > 0
            }
            local.sort { (-(weight[$0 * A + a] ?? 0), $0) < (-(weight[$1 * A + a] ?? 0), $1) }
            let taken = Array(local.prefix(limits.maxColleges)).filter { collegeCap[$0] > 0 }
            for c in taken { collegeCap[c] -= 1 }
            forced[a] = taken
            if local.count > limits.maxColleges {
                notes[a] = "本区县有 \(local.count) 所学校有对口专业点，超过上限 \(limits.maxColleges) 所，按匹配权重取前 \(limits.maxColleges) 所"
            }
            if taken.count >= limits.minColleges {
                closed[a] = true
                anchorCap[a] = 0
            } else {
                anchorCap[a] = max(0, limits.minColleges - taken.count)
                notes[a] = "本区县仅 \(taken.count) 所学校有对口专业点，少于最少 \(limits.minColleges) 所"
            }
        }
        var pairs: [(college: Int, anchor: Int, weight: Int64)] = []
        for key in weight.keys.sorted() {
            let c = key / A
            let a = key % A
            guard let w = weight[key], w > 0, !closed[a], !forced[a].contains(c) else { continue }
            if anchors[a].kind == .district && set.colleges[c].district == anchors[a].key { continue }
            pairs.append((c, a, w))
        }
        let instance = Instance(collegeCap: collegeCap, anchorCap: anchorCap, pairs: pairs)
        let (optimalPairs, stablePairs) = try solve(instance)

        func consortia(_ chosen: [Int]) -> ([Consortium], Int64) {
            var members = forced
            for i in chosen { members[pairs[i].anchor].append(pairs[i].college) }
            var out: [Consortium] = []
            var total: Int64 = 0
            for (a, m) in members.enumerated() where !m.isEmpty {
                let ws = m.map { weight[$0 * A + a] ?? 0 }
                let order = m.indices.sorted { ws[$0] > ws[$1] || (ws[$0] == ws[$1] && m[$0] < m[$1]) }
                let w = ws.reduce(0, +)
                total += w
                let colleges = order.map { Int32(m[$0]) }
                let local =
                    anchors[a].kind == .district ? m.filter { set.colleges[$0].district == anchors[a].key }.count : 0
                var note = notes[a]
                if anchors[a].kind == .district && !closed[a] {
                    let outside = m.count - local
                    note =
                        (note ?? "")
                        + (outside > 0
                            ? "，由配对从区外补入 \(outside) 所向该区县岗位输送毕业生的学校"
                            : "；区外亦无学校向该区县岗位输送毕业生，未能补足")
                }
                out.append(
                    Consortium(
                        kind: anchors[a].kind, anchor: anchors[a].key, name: anchors[a].name, colleges: colleges,
                        weight: Double(w) / scale, leadCollege: colleges.first,
                        leadEnterprise: lead[a].map { set.demands[$0].submitter }, localMembers: local,
                        belowMinimum: m.count < limits.minColleges, note: note))
            }
            return (out, total)
        }
        let (optimal, ow) = consortia(optimalPairs)
        let (stable, sw) = consortia(stablePairs)
        func pairSet(_ cs: [Consortium]) -> [String: (Int32, String)] {
            var d: [String: (Int32, String)] = [:]
            for c in cs { for m in c.colleges { d["\(m)|\(c.kind.rawValue):\(c.anchor)"] = (m, c.anchor) } }
            return d
        }
        let po = pairSet(optimal)
        let ps = pairSet(stable)
        let onlyO = po.keys.filter { ps[$0] == nil }.sorted().map { (college: po[$0]!.0, anchor: po[$0]!.1) }
        let onlyS = ps.keys.filter { po[$0] == nil }.sorted().map { (college: ps[$0]!.0, anchor: ps[$0]!.1) }
        let rules =
            "两种配对在相同约束下求解（每校至多 \(limits.maxPerCollege) 个、每体至多 \(limits.maxColleges) 所；市域产教联合体先纳入本区县有对口专业点的学校）"
        let explanation: String
        if ow == sw && onlyO.isEmpty {
            explanation = rules + "，结果相同"
        } else {
            let pct = sw > 0 ? Exact.text(Measure.thousandths((ow - sw) * 100, sw) * 1000) + "%" : "—"
            explanation =
                rules
                + "：最优配对使总权重最大，稳定配对由学校按自身偏好提议、联合体择优录取（不存在双方都愿改换的学校与联合体）；最优比稳定高 \(Exact.text((ow - sw) * 100))（\(pct)），有 \(onlyO.count) 对组合仅见于最优配对、\(onlyS.count) 对仅见于稳定配对"
        }
        return ConsortiumPlan(
            optimal: optimal, stable: stable, optimalWeight: Double(ow) / scale, stableWeight: Double(sw) / scale,
            onlyOptimal: onlyO, onlyStable: onlyS,
            relaxedMinimum: optimal.contains(where: \.belowMinimum) || stable.contains(where: \.belowMinimum),
            explanation: explanation)
    }
}
