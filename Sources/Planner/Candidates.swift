public import Catalog
import MatchingCore

import Dispatch

/// Candidate edges program → role with their scores, grouped by role (CSR): per role the best
/// `k` programs whose score `levelFit × geo × (α·cos + (1−α)·occ)` reaches the floor.
public struct CandidateEdges: Sendable, Equatable {
    /// Start of each role's edges; `roles + 1` entries.
    public var roleStart: [Int]
    /// Program of each edge.
    public var program: [Int32]
    /// Score of each edge.
    public var score: [Float]

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
    /// offered at `sameDistrict`, the others at `sameCity` (first `k` of each, by index). The
    /// search stops once the next bound is below the k-th best program (geo ≤ 1), so the result is
    /// the exact top k, ties by program index.
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
        let districts = Self.districts(set)
        // Programs per profile, by index; and per (profile, district).
        var perProfile = [[Int32]](repeating: [], count: profiles.rowCount)
        for (i, p) in programProfile.enumerated() where p >= 0 && set.programs[i].graduates > 0 {
            perProfile[Int(p)].append(Int32(i))
        }
        var perProfileDistrict: [Int64: [Int32]] = [:]
        for (p, list) in perProfile.enumerated() {
            for i in list {
                let d = districts.program[Int(i)]
                if d >= 0 { perProfileDistrict[Int64(p) << 32 | Int64(d), default: []].append(i) }
            }
        }
        let hasPrograms = perProfile.map { !$0.isEmpty }
        let lists = MajorProfileLists(
            majorCount: set.majors.count, profileMajor: profileMajor, inverseNorm: bounds.inverseNorm,
            inherits: bounds.inherits, hasPrograms: hasPrograms)
        let perProfileFinal = perProfile
        let perProfileDistrictFinal = perProfileDistrict
        let roleCount = set.roles.count
        let chunk = 64
        let chunkCount = (roleCount + chunk - 1) / chunk
        let outputs = Slots<ChunkOutput>(count: chunkCount)
        // Per (asked education, role level): each profile's levelFit, so the hot closure reads one flat array.
        let profileLevel = self.profileLevel.map(\.index)
        let fitTables: [[Float]] = (0..<9).map { combo in
            let (asked, roleLevel) = (combo / 3, combo % 3)
            return profileLevel.map { pl in pl == asked ? 1 : Float(s.levelFit[pl][roleLevel]) }
        }
        let roleLevel = set.roles.map(\.level.index)
        let roleEducation = set.roles.map(\.educationLevel.index)
        let sameDistrict = Float(s.sameDistrict)
        let sameCity = Float(s.sameCity)
        let queries = self.queries
        let majorCount = set.majors.count
        let profileCount = profiles.rowCount
        let columnCount = profiles.columnCount
        let workers = max(1, min(threads, chunkCount))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var scratch = ProfileSearchScratch(
                majorCount: majorCount, profileCount: profileCount, columnCount: columnCount)
            var c = worker
            while c < chunkCount {
                var programs: [Int32] = []
                var scores: [Float] = []
                var counts: [Int] = []
                for r in (c * chunk)..<min(roleCount, (c + 1) * chunk) {
                    let rd = districts.role[r]
                    // A program at exactly the education level the role asks for fits fully; other
                    // levels fit as the policy's levelFit matrix says.
                    let fit = fitTables[roleEducation[r] * 3 + roleLevel[r]]
                    var best = TopPrograms(k: k, floor: floor)
                    self.searchProfiles(
                        query: queries.row(r), fit: fit, lists: lists, hasPrograms: hasPrograms, initialBar: floor,
                        slackCap: slackCap,
                        scratch: &scratch
                    ) { p, score in
                        Self.offerPrograms(
                            ofProfile: p, score: score, into: &best, roleDistrict: rd, perProfile: perProfileFinal,
                            perProfileDistrict: perProfileDistrictFinal, districtOf: districts.program,
                            sameDistrict: sameDistrict, sameCity: sameCity)
                        return best.bar
                    }
                    counts.append(best.rows.count)
                    for b in best.rows {
                        programs.append(b.row)
                        scores.append(b.score)
                    }
                }
                outputs.set(c, ChunkOutput(programs: programs, scores: scores, counts: counts))
                c += workers
            }
        }
        var result = CandidateEdges(roleStart: [0], program: [], score: [])
        result.roleStart.reserveCapacity(roleCount + 1)
        for c in 0..<chunkCount {
            let o = outputs.get(c)
            result.program += o.programs
            result.score += o.scores
            for n in o.counts { result.roleStart.append(result.roleStart[result.roleStart.count - 1] + n) }
        }
        return result
    }

    /// Offers a profile's programs at its exact score times their geo factor: in the role's
    /// district the first `k` by index at `sameDistrict`, elsewhere the first `k` at `sameCity`
    /// (a role without a district takes the first `k` at `sameDistrict`).
    static func offerPrograms(
        ofProfile p: Int, score: Float, into best: inout TopPrograms, roleDistrict: Int32, perProfile: [[Int32]],
        perProfileDistrict: [Int64: [Int32]], districtOf: [Int32], sameDistrict: Float, sameCity: Float
    ) {
        let k = best.k
        if roleDistrict >= 0 {
            if let local = perProfileDistrict[Int64(p) << 32 | Int64(roleDistrict)] {
                for i in local.prefix(k) { best.offer(ScoredRow(row: i, score: score * sameDistrict)) }
            }
            var taken = 0
            for i in perProfile[p] where districtOf[Int(i)] != roleDistrict {
                best.offer(ScoredRow(row: i, score: score * sameCity))
                taken += 1
                if taken == k { break }
            }
        } else {
            for i in perProfile[p].prefix(k) { best.offer(ScoredRow(row: i, score: score * sameDistrict)) }
        }
    }
}

/// The best `k` programs of one role so far, best first, ties by program index.
struct TopPrograms {
    let k: Int
    let floor: Float
    private(set) var rows: [ScoredRow] = []

    init(k: Int, floor: Float) {
        self.k = k
        self.floor = floor
        rows.reserveCapacity(k)
    }

    /// The score a program must reach to enter.
    var bar: Float { rows.count == k ? Swift.max(floor, rows[k - 1].score) : floor }

    private static func better(_ a: ScoredRow, _ b: ScoredRow) -> Bool {
        a.score > b.score || (a.score == b.score && a.row < b.row)
    }

    /// Keeps `x` when it is among the best `k` (and reaches the floor).
    mutating func offer(_ x: ScoredRow) {
        guard x.score >= floor else { return }
        if rows.count == k {
            guard Self.better(x, rows[k - 1]) else { return }
            rows.removeLast()
        }
        let at = rows.firstIndex { Self.better(x, $0) } ?? rows.count
        rows.insert(x, at: at)
    }
}

/// One chunk's candidates.
struct ChunkOutput: Sendable {
    var programs: [Int32] = []
    var scores: [Float] = []
    var counts: [Int] = []
}
