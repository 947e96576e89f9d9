import Catalog

extension Consortia {
    /// What both pairings share: the anchors, the weights, the fixed memberships and the lead
    /// enterprises, with the set and limits they come from.
    struct Setting {
        let set: CatalogSet
        let limits: ConsortiumPolicy
        let anchors: Anchors
        let weight: [Int: Int64]
        let locality: Locality
        /// Each anchor's lead submission (`leadSubmissions`).
        let lead: [Int?]

        /// The consortia of one pairing, in anchor order, and their total weight in ten-thousandths:
        /// each anchor's fixed members plus its `chosen` pairs (indices into `pairs`), ordered by
        /// weight (descending, then college index).
        /// - Complexity: O(M log M) for M memberships.
        func consortia(chosen: [Int], of pairs: [(college: Int, anchor: Int, weight: Int64)]) -> (
            consortia: [Consortium], total: Int64
        ) {
            var members = locality.forced
            for i in chosen { members[pairs[i].anchor].append(pairs[i].college) }
            var out: [Consortium] = []
            var total: Int64 = 0
            for (a, m) in members.enumerated() where !m.isEmpty {
                let anchor = anchors.list[a]
                let ws = m.map { weight[anchors.key(college: $0, anchor: a)] ?? 0 }
                let order = m.indices.sorted { ws[$0] > ws[$1] || (ws[$0] == ws[$1] && m[$0] < m[$1]) }
                let w = ws.reduce(0, +)
                total += w
                let colleges = order.map { Int32(m[$0]) }
                let local = anchor.kind == .district ? m.filter { set.colleges[$0].district == anchor.key }.count : 0
                out.append(
                    Consortium(
                        kind: anchor.kind, anchor: anchor.key, name: anchor.name, colleges: colleges,
                        weight: Double(w) / scale, leadCollege: colleges.first,
                        leadEnterprise: lead[a].map { set.demands[$0].submitter }, localMembers: local,
                        belowMinimum: m.count < limits.minColleges,
                        note: note(anchor: a, members: m.count, local: local)))
            }
            return (out, total)
        }

        /// The note of anchor `a`'s consortium: the locality note, and for a district anchor left
        /// open, whether the pairing added colleges from other districts.
        func note(anchor a: Int, members: Int, local: Int) -> String? {
            let note = locality.notes[a]
            guard anchors.list[a].kind == .district && !locality.closed[a] else { return note }
            let outside = members - local
            return (note ?? "")
                + (outside > 0
                    ? "，由配对从区外补入 \(outside) 所向该区县岗位输送毕业生的学校"
                    : "；区外亦无学校向该区县岗位输送毕业生，未能补足")
        }
    }

    /// The two pairings side by side: their totals, the (college, anchor) pairs found in only one
    /// of them (by college, then anchor, as text), and an explanation in Chinese.
    /// - Complexity: O(M log M) for M memberships.
    static func compare(
        optimal: (consortia: [Consortium], total: Int64), stable: (consortia: [Consortium], total: Int64),
        limits: ConsortiumPolicy
    ) -> ConsortiumPlan {
        func pairSet(_ cs: [Consortium]) -> [String: (Int32, String)] {
            var d: [String: (Int32, String)] = [:]
            for c in cs { for m in c.colleges { d["\(m)|\(c.kind.rawValue):\(c.anchor)"] = (m, c.anchor) } }
            return d
        }
        let po = pairSet(optimal.consortia)
        let ps = pairSet(stable.consortia)
        let onlyO = po.keys.filter { ps[$0] == nil }.sorted().map { (college: po[$0]!.0, anchor: po[$0]!.1) }
        let onlyS = ps.keys.filter { po[$0] == nil }.sorted().map { (college: ps[$0]!.0, anchor: ps[$0]!.1) }
        let (ow, sw) = (optimal.total, stable.total)
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
            optimal: optimal.consortia, stable: stable.consortia, optimalWeight: Double(ow) / scale,
            stableWeight: Double(sw) / scale, onlyOptimal: onlyO, onlyStable: onlyS,
            relaxedMinimum: optimal.consortia.contains(where: \.belowMinimum)
                || stable.consortia.contains(where: \.belowMinimum),
            explanation: explanation)
    }
}
