import MatchingCore
import TestSupport
import Testing

/// Checks quotas, acceptability and the absence of a blocking pair by brute force.
func isStable(_ da: DeferredAcceptance, _ result: DeferredAcceptanceResult) -> Bool {
    let edges = da.edgeProposer.count
    var proposerHeld = Array(repeating: [Int](), count: da.proposerCount)
    var receiverHeld = Array(repeating: [Int](), count: da.receiverCount)
    for e in 0..<edges where result.matched[e] {
        if da.proposerWeight[e] <= 0 || da.receiverWeight[e] <= 0 { return false }
        proposerHeld[Int(da.edgeProposer[e])].append(e)
        receiverHeld[Int(da.edgeReceiver[e])].append(e)
    }
    for p in 0..<da.proposerCount where proposerHeld[p].count > da.proposerQuota[p] { return false }
    for r in 0..<da.receiverCount where receiverHeld[r].count > da.receiverQuota[r] { return false }
    // Proposer prefers edge a over b (same proposer); receiver prefers a over b (same receiver).
    func proposerPrefers(_ a: Int, _ b: Int) -> Bool {
        da.proposerWeight[a] != da.proposerWeight[b]
            ? da.proposerWeight[a] > da.proposerWeight[b] : da.edgeReceiver[a] < da.edgeReceiver[b]
    }
    func receiverPrefers(_ a: Int, _ b: Int) -> Bool {
        da.receiverWeight[a] != da.receiverWeight[b]
            ? da.receiverWeight[a] > da.receiverWeight[b] : da.edgeProposer[a] < da.edgeProposer[b]
    }
    for e in 0..<edges where !result.matched[e] && da.proposerWeight[e] > 0 && da.receiverWeight[e] > 0 {
        let p = Int(da.edgeProposer[e])
        let r = Int(da.edgeReceiver[e])
        let pWants = proposerHeld[p].count < da.proposerQuota[p] || proposerHeld[p].contains { proposerPrefers(e, $0) }
        let rWants = receiverHeld[r].count < da.receiverQuota[r] || receiverHeld[r].contains { receiverPrefers(e, $0) }
        if pWants && rWants { return false }
    }
    return true
}

/// Textbook many-to-one deferred acceptance in rounds: every free proposer proposes to its next
/// choice at once; every receiver keeps its best `quota` of held and new proposals.
func naiveManyToOne(_ da: DeferredAcceptance) -> Set<Int> {
    let edges = da.edgeProposer.count
    var lists = Array(repeating: [Int](), count: da.proposerCount)
    for e in 0..<edges where da.proposerWeight[e] > 0 && da.receiverWeight[e] > 0 {
        lists[Int(da.edgeProposer[e])].append(e)
    }
    for p in lists.indices {
        lists[p].sort {
            da.proposerWeight[$0] != da.proposerWeight[$1]
                ? da.proposerWeight[$0] > da.proposerWeight[$1] : da.edgeReceiver[$0] < da.edgeReceiver[$1]
        }
    }
    var next = Array(repeating: 0, count: da.proposerCount)
    var held = Array(repeating: [Int](), count: da.receiverCount)
    var matched = Array(repeating: false, count: da.proposerCount)
    while true {
        var proposals = Array(repeating: [Int](), count: da.receiverCount)
        var any = false
        for p in 0..<da.proposerCount where !matched[p] && next[p] < lists[p].count {
            let e = lists[p][next[p]]
            next[p] += 1
            proposals[Int(da.edgeReceiver[e])].append(e)
            any = true
        }
        if !any { break }
        for r in 0..<da.receiverCount where !proposals[r].isEmpty {
            var all = held[r] + proposals[r]
            all.sort {
                da.receiverWeight[$0] != da.receiverWeight[$1]
                    ? da.receiverWeight[$0] > da.receiverWeight[$1] : da.edgeProposer[$0] < da.edgeProposer[$1]
            }
            let keep = Array(all.prefix(da.receiverQuota[r]))
            for e in all { matched[Int(da.edgeProposer[e])] = keep.contains(e) }
            held[r] = keep
        }
    }
    return Set(held.flatMap { $0 })
}

func randomDeferredAcceptance(proposerQuota: ClosedRange<Int>, rng: inout SeededRandom) -> DeferredAcceptance {
    let np = rng.int(1...12)
    let nr = rng.int(1...8)
    var da = DeferredAcceptance(proposerCount: np, receiverCount: nr)
    for p in 0..<np { try? da.setProposerQuota(p, rng.int(proposerQuota)) }
    for r in 0..<nr { try? da.setReceiverQuota(r, rng.int(0...3)) }
    for p in 0..<np {
        for r in 0..<nr where rng.chance(0.6) {
            // Small ranges give ties; some weights ≤ 0 make edges unacceptable.
            _ = try? da.addEdge(proposer: p, receiver: r, proposerWeight: rng.int64(-1...4), receiverWeight: rng.int64(-1...4))
        }
    }
    return da
}

@Suite struct DeferredAcceptanceTests {
    @Test(arguments: 0..<5)
    func manyToManyIsStable(seed: UInt64) throws {
        var rng = SeededRandom(seed: 3_000 + seed)
        for _ in 0..<100 {
            let da = randomDeferredAcceptance(proposerQuota: 0...3, rng: &rng)
            let result = try da.solve()
            #expect(isStable(da, result))
            #expect(try da.solve() == result)
        }
    }

    @Test(arguments: 0..<5)
    func quotaOneEqualsNaiveReference(seed: UInt64) throws {
        var rng = SeededRandom(seed: 4_000 + seed)
        for _ in 0..<100 {
            let da = randomDeferredAcceptance(proposerQuota: 1...1, rng: &rng)
            let result = try da.solve()
            #expect(isStable(da, result))
            #expect(Set(result.matchedEdges) == naiveManyToOne(da))
        }
    }

    @Test func repeatedPairIsRejected() throws {
        var da = DeferredAcceptance(proposerCount: 1, receiverCount: 1)
        try da.addEdge(proposer: 0, receiver: 0, proposerWeight: 1, receiverWeight: 1)
        try da.addEdge(proposer: 0, receiver: 0, proposerWeight: 2, receiverWeight: 1)
        #expect(throws: MatchingCoreError.self) { try da.solve() }
    }

    @Test func classicExample() throws {
        // Two students, one seat: the receiver's favourite wins even if it proposes second.
        var da = DeferredAcceptance(proposerCount: 2, receiverCount: 2)
        try da.addEdge(proposer: 0, receiver: 0, proposerWeight: 5, receiverWeight: 1)
        try da.addEdge(proposer: 1, receiver: 0, proposerWeight: 5, receiverWeight: 9)
        try da.addEdge(proposer: 0, receiver: 1, proposerWeight: 1, receiverWeight: 1)
        let r = try da.solve()
        #expect(r.matchedEdges == [1, 2])
    }
}
