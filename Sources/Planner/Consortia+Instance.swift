import Catalog

extension Consortia {
    /// A consortium's anchor: a cluster (city-wide) or a district (across clusters).
    struct Anchor: Sendable {
        var kind: AnchorKind
        var key: String
        var name: String
    }

    /// The anchors of a catalog set's roles, numbered in order of first appearance over the roles
    /// (each role's cluster, then its district), and each role's anchors (its cluster first).
    struct Anchors: Sendable {
        /// The anchors, by number.
        let list: [Anchor]
        /// Each role's anchors: its cluster's, then its district's when it has one.
        let ofRole: [[Int]]

        init(set: CatalogSet) {
            var list: [Anchor] = []
            var index: [String: Int] = [:]
            func anchor(_ kind: AnchorKind, _ key: String, _ name: String) -> Int {
                let k = "\(kind.rawValue):\(key)"
                if let i = index[k] { return i }
                list.append(Anchor(kind: kind, key: key, name: name))
                index[k] = list.count - 1
                return list.count - 1
            }
            var ofRole: [[Int]] = []
            for role in set.roles {
                let cluster = set.demands[Int(role.submission)].cluster
                let name = set.clusterIndex[cluster].map { set.clusters[Int($0)].name } ?? cluster
                var a = [anchor(.cluster, cluster, name)]
                if let d = role.district { a.append(anchor(.district, d, "\(d)市域产教联合体")) }
                ofRole.append(a)
            }
            self.list = list
            self.ofRole = ofRole
        }

        /// Number of anchors.
        var count: Int { list.count }

        /// The key of the pair (college `c`, anchor `a`) in the weight and touch tables.
        func key(college c: Int, anchor a: Int) -> Int { c * Swift.max(list.count, 1) + a }

        /// The (college, anchor) of a key.
        func pair(ofKey key: Int) -> (college: Int, anchor: Int) {
            let stride = Swift.max(list.count, 1)
            return (key / stride, key % stride)
        }
    }

    /// The weight of each (college, anchor) key: Σ over the flows from the college's programs to
    /// the anchor's roles of `count × score`, rounded to ten-thousandths (`scale`).
    /// - Complexity: O(F) for F flows (two anchors per role at most).
    static func weights(of allocation: Allocation, anchors: Anchors) -> [Int: Int64] {
        let set = allocation.set
        var sum: [Int: Double] = [:]
        for f in allocation.flows {
            let c = Int(set.programs[Int(f.program)].college)
            for a in anchors.ofRole[Int(f.role)] {
                sum[anchors.key(college: c, anchor: a), default: 0] += Double(f.count) * Double(f.score)
            }
        }
        return sum.mapValues { Int64(($0 * scale).rounded()) }
    }

    /// The (college, district anchor) keys where the college has a matching program: a candidate
    /// edge to a role of that district.
    /// - Complexity: O(E) for E candidate edges.
    static func districtTouches(set: CatalogSet, edges: CandidateEdges, anchors: Anchors) -> Set<Int> {
        var touches = Set<Int>()
        for r in set.roles.indices where anchors.ofRole[r].count > 1 {
            let a = anchors.ofRole[r][1]
            for e in edges.roleStart[r]..<edges.roleStart[r + 1] {
                touches.insert(anchors.key(college: Int(set.programs[Int(edges.program[e])].college), anchor: a))
            }
        }
        return touches
    }

    /// Each anchor's lead enterprise, as a submission index: the submission whose roles of the
    /// anchor took the most `count × score`, then asked for the most headcount, then the lowest
    /// index (nil for an anchor without roles).
    /// - Complexity: O(R + F + K log K), with R roles, F flows and K (anchor, submission) pairs.
    static func leadSubmissions(of allocation: Allocation, anchors: Anchors) -> [Int?] {
        let set = allocation.set
        var subFlow: [Int: Double] = [:]
        var subHead: [Int: Int] = [:]
        let submissionCount = max(set.demands.count, 1)
        for (r, role) in set.roles.enumerated() {
            for a in anchors.ofRole[r] { subHead[a * submissionCount + Int(role.submission), default: 0] += Int(role.headcount) }
        }
        for f in allocation.flows {
            let sub = Int(set.roles[Int(f.role)].submission)
            for a in anchors.ofRole[Int(f.role)] {
                subFlow[a * submissionCount + sub, default: 0] += Double(f.count) * Double(f.score)
            }
        }
        var lead = [Int?](repeating: nil, count: anchors.count)
        for key in subHead.keys.sorted() {
            let a = key / submissionCount
            let s = key % submissionCount
            if let cur = lead[a] {
                let kc = a * submissionCount + cur
                let better =
                    (subFlow[key] ?? 0, subHead[key] ?? 0) > (subFlow[kc] ?? 0, subHead[kc] ?? 0)
                if better { lead[a] = s }
            } else {
                lead[a] = s
            }
        }
        return lead
    }

    /// The memberships fixed before either pairing and what they leave to it.
    ///
    /// District anchors take their own district's colleges first: every local college with a
    /// matching program is a member (up to the anchor's maximum, by weight); only when fewer than
    /// the minimum are local may the matching add colleges from elsewhere, up to the minimum.
    struct Locality: Sendable {
        /// Each anchor's fixed members (district anchors only), by weight.
        var forced: [[Int]]
        /// What each college may still join.
        var collegeCap: [Int]
        /// How many colleges the matching may still add to each anchor.
        var anchorCap: [Int]
        /// District anchors with at least the minimum of local members: the matching adds none.
        var closed: [Bool]
        /// Why a district anchor has fewer or more local colleges than its limits (Chinese).
        var notes: [String?]

        /// District anchors are handled in anchor order, each taking one of a college's places.
        /// - Complexity: O(C + Σ L log L), with C colleges and L local colleges per district anchor.
        init(set: CatalogSet, anchors: Anchors, weight: [Int: Int64], touches: Set<Int>, limits: ConsortiumPolicy) {
            forced = [[Int]](repeating: [], count: anchors.count)
            collegeCap = [Int](repeating: limits.maxPerCollege, count: set.colleges.count)
            anchorCap = [Int](repeating: limits.maxColleges, count: anchors.count)
            closed = [Bool](repeating: false, count: anchors.count)
            notes = [String?](repeating: nil, count: anchors.count)
            var collegesByDistrict: [String: [Int]] = [:]
            for (c, college) in set.colleges.enumerated() {
                collegesByDistrict[college.district, default: []].append(c)
            }
            for (a, anchor) in anchors.list.enumerated() where anchor.kind == .district {
                func w(_ c: Int) -> Int64 { weight[anchors.key(college: c, anchor: a)] ?? 0 }
                var local = (collegesByDistrict[anchor.key] ?? []).filter { c in
                    touches.contains(anchors.key(college: c, anchor: a)) || w(c) > 0
                }
                local.sort { (-w($0), $0) < (-w($1), $1) }
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
        }
    }

    /// The pairs left to the matching, by key: every (college, anchor) of positive weight whose
    /// anchor is open, whose college is not a fixed member of it and not local to it.
    /// - Complexity: O(P log P) for P weighted pairs.
    static func openPairs(set: CatalogSet, anchors: Anchors, weight: [Int: Int64], locality: Locality) -> [(
        college: Int, anchor: Int, weight: Int64
    )] {
        var pairs: [(college: Int, anchor: Int, weight: Int64)] = []
        for key in weight.keys.sorted() {
            let (c, a) = anchors.pair(ofKey: key)
            guard let w = weight[key], w > 0, !locality.closed[a], !locality.forced[a].contains(c) else { continue }
            let anchor = anchors.list[a]
            if anchor.kind == .district && set.colleges[c].district == anchor.key { continue }
            pairs.append((c, a, w))
        }
        return pairs
    }
}
