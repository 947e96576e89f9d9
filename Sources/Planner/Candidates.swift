import Algorithms
public import Catalog
import MatchingCore
import Parallel

/// Candidate edges program → role with their scores, grouped by role (CSR): per role the best
/// `k` programs whose score `levelFit × geo × (α·cos + (1−α)·occ)` reaches the floor.
public struct CandidateEdges: Sendable, Equatable {
    /// Start of each role's edges; `roles + 1` entries.
    public var roleStart: [Int]
    /// Program of each edge.
    public var program: [Int32]
    /// Score of each edge.
    public var score: [Float]
    /// What links each edge's program to its role.
    public var evidence: [LinkEvidence] = []

    /// Number of edges.
    public var count: Int { program.count }
}

extension MatchSpace {
    /// The district ids of programs (by their college) and roles, interned in first-seen order.
    struct Districts {
        var program: [Int32]
        var role: [Int32]
    }

    static func districts(_ set: CatalogSet) -> Districts {
        var ids: [String: Int32] = [:]
        func id(_ s: String?) -> Int32 {
            guard let s, !s.isEmpty else { return -1 }
            if let i = ids[s] { return i }
            let i = Int32(ids.count)
            ids[s] = i
            return i
        }
        let p = set.programs.map { id(set.colleges[Int($0.college)].district) }
        let r = set.roles.map { id($0.district) }
        return Districts(program: p, role: r)
    }

    /// Finds each role's top-k programs, on `threads` threads with fixed chunks, so the result does
    /// not depend on the thread count.
    ///
    /// Profiles are visited best first by a safe upper bound on their score (`searchProfiles`:
    /// the major's part from a small index over majors, the profile's own part from an index over
    /// deltas), each scored exactly when visited; a profile's programs in the role's district are
    /// offered at `sameDistrict`, the others at `sameCity` (first `k` of each in the role's tie
    /// order). The search stops once the next bound is below the k-th best program (geo ≤ 1), so
    /// the result is the exact top k, stored by score, ties by program index.
    ///
    /// Equal scores are common (the programs of one uncustomised major share a profile), and when
    /// more tie than a role's list can hold, its tie order decides: program indices counted from
    /// the role's own start (`tieStarts`, a stable hash of its submission and id) and wrapping
    /// round. So equally good programs share the roles' lists, instead of the first in file order
    /// taking every list and the rest none.
    ///
    /// A role that gets no program at `floor` is searched again, the same way, for its best
    /// `fallbackTopK` programs down to `fallbackFloor` (when that is lower): a shared 小类 or 中类
    /// plus the text, or the text alone. Each edge records its `LinkEvidence`.
    /// - Complexity: per role, the postings of its query's columns in the two small indices plus
    ///   O(k + log n) per profile visited.
    public func candidates(set: CatalogSet, threads: Int) -> CandidateEdges {
        candidates(set: set, threads: threads, slackCap: ProfileBounds.slackCap)
    }

    /// `candidates(set:threads:)` with another cap on what skipped columns may add to a major's
    /// bound (tests raise it to skip many columns; the result must not change).
    func candidates(set: CatalogSet, threads: Int, slackCap: Float) -> CandidateEdges {
        let s = scoring
        let k = max(1, s.topK)
        let floor = Float(s.floor)
        let fallbackK = max(1, s.fallbackTopK)
        let fallbackFloor = Float(s.fallbackFloor)
        let districts = Self.districts(set)
        let profilePrograms = ProfilePrograms(space: self, set: set, districtOf: districts.program)
        let hasPrograms = (0..<profiles.rowCount).map { profilePrograms.start[$0] < profilePrograms.start[$0 + 1] }
        let lists = bounds.lists(profileMajor: profileMajor, hasPrograms: hasPrograms)
        let roleCount = set.roles.count
        let fitTables = levelFitTables()
        let roleLevel = set.roles.map(\.level.index)
        let roleEducation = set.roles.map(\.educationLevel.index)
        let sameDistrict = Float(s.sameDistrict)
        let sameCity = Float(s.sameCity)
        let queries = self.queries
        let bounds = self.bounds
        let tieStarts = Self.tieStarts(set)
        let programCount = set.programs.count
        let outputs = mapChunks(count: roleCount, chunk: 64, threads: threads, state: ProfileSearchScratch(bounds: bounds)) {
            roles, scratch in
            var programs: [Int32] = []
            var scores: [Float] = []
            var evidence: [LinkEvidence] = []
            var counts: [Int] = []
            for r in roles {
                let rd = districts.role[r]
                // A program at exactly the education level the role asks for fits fully; other
                // levels fit as the policy's levelFit matrix says.
                let fit = fitTables[roleEducation[r] * 3 + roleLevel[r]]
                // The exact top k at `bar`: profiles best first, their programs offered in order.
                func search(k: Int, bar: Float) -> TopPrograms {
                    var best = TopPrograms(k: k, floor: bar, tieStart: tieStarts[r], programCount: programCount)
                    self.searchProfiles(
                        query: queries.row(r), fit: fit, lists: lists, initialBar: bar,
                        slackCap: slackCap, scratch: &scratch
                    ) { p, score in
                        profilePrograms.offer(
                            ofProfile: p, score: score, into: &best, roleDistrict: rd, sameDistrict: sameDistrict,
                            sameCity: sameCity)
                        return best.bar
                    }
                    return best
                }
                var best = search(k: k, bar: floor)
                if best.rows.isEmpty && fallbackFloor < floor { best = search(k: fallbackK, bar: fallbackFloor) }
                counts.append(best.rows.count)
                for b in best.rowsByScoreThenIndex {
                    programs.append(b.row)
                    scores.append(b.score)
                    evidence.append(self.evidence(program: Int(b.row), role: r))
                }
            }
            return ChunkOutput(programs: programs, scores: scores, evidence: evidence, counts: counts)
        }
        return CandidateEdges(joining: outputs, roleCount: roleCount)
    }

    /// Where each role's tie order starts among the program indices: FNV-1a of its submission's id,
    /// `/` and its id, modulo the number of programs (stable across runs and thread counts).
    static func tieStarts(_ set: CatalogSet) -> [Int32] {
        let n = UInt64(max(1, set.programs.count))
        return set.roles.map { role in
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in set.demands[Int(role.submission)].id.utf8 + [0x2F] + role.id.utf8 {
                h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3
            }
            return Int32(h % n)
        }
    }

    /// Each profile's levelFit for each (asked education, role level), at `asked × 3 + role level`
    /// (1 when the profile is at the level asked, else the policy's `levelFit[profile][role]`), so
    /// that the search reads one flat array per role.
    /// - Complexity: O(9 × profiles).
    func levelFitTables() -> [[Float]] {
        let levelFit = scoring.levelFit
        let profileLevel = self.profileLevel.map(\.index)
        return (0..<9).map { combo in
            let (asked, roleLevel) = (combo / 3, combo % 3)
            return profileLevel.map { pl in pl == asked ? 1 : Float(levelFit[pl][roleLevel]) }
        }
    }
}

extension CandidateEdges {
    /// The candidates of chunks of roles, joined in chunk order.
    /// - Complexity: O(edges + roles).
    init(joining outputs: [ChunkOutput], roleCount: Int) {
        self.init(roleStart: [0], program: [], score: [], evidence: [])
        roleStart.reserveCapacity(roleCount + 1)
        for o in outputs {
            program += o.programs
            score += o.scores
            evidence += o.evidence
            for n in o.counts { roleStart.append(roleStart[roleStart.count - 1] + n) }
        }
    }
}

/// The programs of each profile (those with graduates), in two flat orders: by program index,
/// with each program's district alongside, and by (district, index), so that a role's district is
/// found by binary search within the profile.
struct ProfilePrograms: Sendable {
    /// Start of each profile's programs in both orders; `profiles + 1` entries.
    let start: [Int]
    /// Programs by ascending index, and the district of each (-1 for none).
    let byIndex: [Int32]
    let districtByIndex: [Int32]
    /// The same programs by (district, index), and the district of each.
    let byDistrict: [Int32]
    let districtByDistrict: [Int32]

    init(space: MatchSpace, set: CatalogSet, districtOf: [Int32]) {
        var start = [Int](repeating: 0, count: space.profiles.rowCount + 1)
        for (i, p) in space.programProfile.enumerated() where p >= 0 && set.programs[i].graduates > 0 {
            start[Int(p) + 1] += 1
        }
        for p in 0..<space.profiles.rowCount { start[p + 1] += start[p] }
        var next = start
        var byIndex = [Int32](repeating: 0, count: start[start.count - 1])
        for (i, p) in space.programProfile.enumerated() where p >= 0 && set.programs[i].graduates > 0 {
            byIndex[next[Int(p)]] = Int32(i)
            next[Int(p)] += 1
        }
        var byDistrict = byIndex
        for p in 0..<space.profiles.rowCount {
            byDistrict[start[p]..<start[p + 1]].sort { (districtOf[Int($0)], $0) < (districtOf[Int($1)], $1) }
        }
        self.start = start
        self.byIndex = byIndex
        self.districtByIndex = byIndex.map { districtOf[Int($0)] }
        self.byDistrict = byDistrict
        self.districtByDistrict = byDistrict.map { districtOf[Int($0)] }
    }

    /// Offers a profile's programs at its exact score times their geo factor: in the role's
    /// district the first `k` in the role's tie order at `sameDistrict`, elsewhere the first `k` at
    /// `sameCity` (a role without a district takes the first `k` at `sameDistrict`). Programs of
    /// one profile come at one score in tie order, so the first one refused ends its run.
    func offer(
        ofProfile p: Int, score: Float, into best: inout TopPrograms, roleDistrict: Int32, sameDistrict: Float,
        sameCity: Float
    ) {
        let k = best.k
        let end = start[p + 1]
        let tieStart = best.tieStart
        /// The positions of `range` (ascending program indices in `order`) from the first at or
        /// after the tie start, wrapping round.
        func inTieOrder(_ range: Range<Int>, _ order: [Int32]) -> some Sequence<Int> {
            let s = range.partitioningIndex { order[$0] >= tieStart }
            return chain(s..<range.upperBound, range.lowerBound..<s)
        }
        if roleDistrict >= 0 {
            let lo = (start[p]..<end).partitioningIndex { districtByDistrict[$0] >= roleDistrict }
            let hi = (lo..<end).partitioningIndex { districtByDistrict[$0] > roleDistrict }
            var taken = 0
            for i in inTieOrder(lo..<hi, byDistrict) {
                guard taken < k, best.offer(ScoredRow(row: byDistrict[i], score: score * sameDistrict)) else { break }
                taken += 1
            }
            taken = 0
            for i in inTieOrder(start[p]..<end, byIndex) where districtByIndex[i] != roleDistrict {
                guard taken < k, best.offer(ScoredRow(row: byIndex[i], score: score * sameCity)) else { break }
                taken += 1
            }
        } else {
            var taken = 0
            for i in inTieOrder(start[p]..<end, byIndex) {
                guard taken < k, best.offer(ScoredRow(row: byIndex[i], score: score * sameDistrict)) else { break }
                taken += 1
            }
        }
    }
}

/// The best `k` programs of one role so far, best first, equal scores in the role's tie order
/// (program indices counted from `tieStart`, wrapping round at `programCount`).
struct TopPrograms {
    let k: Int
    let floor: Float
    let tieStart: Int32
    let programCount: Int
    private(set) var rows: [ScoredRow] = []

    init(k: Int, floor: Float, tieStart: Int32, programCount: Int) {
        self.k = k
        self.floor = floor
        self.tieStart = tieStart
        self.programCount = programCount
        rows.reserveCapacity(k)
    }

    /// The score a program must reach to enter.
    var bar: Float { rows.count == k ? Swift.max(floor, rows[k - 1].score) : floor }

    /// The kept rows as they are stored: by score, ties by program index.
    var rowsByScoreThenIndex: [ScoredRow] {
        rows.sorted { $0.score > $1.score || ($0.score == $1.score && $0.row < $1.row) }
    }

    /// A program's place in the tie order.
    private func tieRank(_ row: Int32) -> Int { row >= tieStart ? Int(row - tieStart) : Int(row) + programCount - Int(tieStart) }

    private func better(_ a: ScoredRow, _ b: ScoredRow) -> Bool {
        a.score > b.score || (a.score == b.score && tieRank(a.row) < tieRank(b.row))
    }

    /// Keeps `x` when it is among the best `k` (and reaches the floor); returns whether it was kept.
    @discardableResult
    mutating func offer(_ x: ScoredRow) -> Bool {
        guard x.score >= floor else { return false }
        if rows.count == k {
            guard better(x, rows[k - 1]) else { return false }
            rows.removeLast()
        }
        // The first kept row that `x` beats (rows are best first).
        rows.insert(x, at: rows.partitioningIndex { better(x, $0) })
        return true
    }
}

/// One chunk's candidates.
struct ChunkOutput: Sendable {
    var programs: [Int32] = []
    var scores: [Float] = []
    var evidence: [LinkEvidence] = []
    var counts: [Int] = []
}
