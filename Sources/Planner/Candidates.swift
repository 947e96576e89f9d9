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

    /// Finds each role's top-k programs through the inverted index over profiles, on `threads`
    /// threads with fixed chunks, so the result does not depend on the thread count.
    ///
    /// Profiles come best first (their score is an upper bound for their programs, as geo ≤ 1);
    /// a profile's programs in the role's district come first, then the others in index order;
    /// the search stops once a profile cannot beat the k-th best program. When all `4k` profiles
    /// fetched could still matter, the role is searched again over every profile, so the result
    /// is the exact top k.
    /// - Complexity: per role, the postings of its query's columns plus O(k log k) per profile used.
    public func candidates(set: CatalogSet, threads: Int) -> CandidateEdges {
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
        let perProfileFinal = perProfile
        let perProfileDistrictFinal = perProfileDistrict
        let roleCount = set.roles.count
        let chunk = 64
        let chunkCount = (roleCount + chunk - 1) / chunk
        let outputs = ChunkOutputs(count: chunkCount)
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
        let index = self.index
        let queries = self.queries
        let rowCount = profiles.rowCount
        let workers = max(1, min(threads, chunkCount))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var scratch = TopKScratch(rowCount: rowCount)
            var c = worker
            while c < chunkCount {
                var programs: [Int32] = []
                var scores: [Float] = []
                var counts: [Int] = []
                for r in (c * chunk)..<min(roleCount, (c + 1) * chunk) {
                    let query = queries.row(r)
                    let rd = districts.role[r]
                    // A program at exactly the education level the role asks for fits fully; other
                    // levels fit as the policy's levelFit matrix says.
                    let fit = fitTables[roleEducation[r] * 3 + roleLevel[r]]
                    let weight: (Int) -> Float = { fit[$0] }
                    var fetched = index.topK(query: query, k: 4 * k, floor: floor, scratch: &scratch, weight: weight)
                    var best = Self.expand(
                        fetched, k: k, floor: floor, roleDistrict: rd, perProfile: perProfileFinal,
                        perProfileDistrict: perProfileDistrictFinal, districtOf: districts.program,
                        sameDistrict: sameDistrict, sameCity: sameCity)
                    if fetched.count == 4 * k, let last = fetched.last,
                        best.count < k || last.score >= best[best.count - 1].score
                    {
                        // Profiles below the k-th best program so far cannot place one (geo ≤ 1), so
                        // they need not be fetched, heaped and sorted.
                        let bar = best.count == k ? Swift.max(floor, best[k - 1].score) : floor
                        fetched = index.topK(query: query, k: rowCount, floor: bar, scratch: &scratch, weight: weight)
                        best = Self.expand(
                            fetched, k: k, floor: floor, roleDistrict: rd, perProfile: perProfileFinal,
                            perProfileDistrict: perProfileDistrictFinal, districtOf: districts.program,
                            sameDistrict: sameDistrict, sameCity: sameCity)
                    }
                    counts.append(best.count)
                    for b in best {
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

    /// Turns best-first profiles into the best `k` programs (ties by program index).
    static func expand(
        _ fetched: [ScoredRow], k: Int, floor: Float, roleDistrict: Int32, perProfile: [[Int32]],
        perProfileDistrict: [Int64: [Int32]], districtOf: [Int32], sameDistrict: Float, sameCity: Float
    ) -> [ScoredRow] {
        var best: [ScoredRow] = []
        func better(_ a: ScoredRow, _ b: ScoredRow) -> Bool { a.score > b.score || (a.score == b.score && a.row < b.row) }
        func offer(_ x: ScoredRow) {
            guard x.score >= floor else { return }
            if best.count == k {
                guard better(x, best[k - 1]) else { return }
                best.removeLast()
            }
            let at = best.firstIndex { better(x, $0) } ?? best.count
            best.insert(x, at: at)
        }
        for f in fetched {
            if best.count == k, f.score < best[k - 1].score { break }
            let p = Int(f.row)
            if roleDistrict >= 0 {
                if let local = perProfileDistrict[Int64(p) << 32 | Int64(roleDistrict)] {
                    for i in local.prefix(k) { offer(ScoredRow(row: i, score: f.score * sameDistrict)) }
                }
                var taken = 0
                for i in perProfile[p] where districtOf[Int(i)] != roleDistrict {
                    offer(ScoredRow(row: i, score: f.score * sameCity))
                    taken += 1
                    if taken == k { break }
                }
            } else {
                for i in perProfile[p].prefix(k) { offer(ScoredRow(row: i, score: f.score * sameDistrict)) }
            }
        }
        return best
    }
}

/// One chunk's candidates.
struct ChunkOutput: Sendable {
    var programs: [Int32] = []
    var scores: [Float] = []
    var counts: [Int] = []
}

/// Per-chunk output slots written by one worker each and read after all have finished.
final class ChunkOutputs: @unchecked Sendable {
    private var slots: [ChunkOutput]
    private let lock = DispatchSemaphore(value: 1)

    init(count: Int) { slots = Array(repeating: ChunkOutput(), count: count) }

    func set(_ i: Int, _ o: ChunkOutput) {
        lock.wait()
        slots[i] = o
        lock.signal()
    }

    func get(_ i: Int) -> ChunkOutput {
        lock.wait()
        defer { lock.signal() }
        return slots[i]
    }
}
