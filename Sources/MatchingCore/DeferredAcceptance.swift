/// Proposer-proposing deferred acceptance (Gale–Shapley), many-to-many with quotas on both sides.
///
/// Preferences come from Int64 weights on edges: a proposer ranks receivers by its
/// `proposerWeight` (higher first, ties by lower receiver index), a receiver ranks proposers by
/// its `receiverWeight` (higher first, ties by lower proposer index). An edge with either weight
/// ≤ 0 is unacceptable. With proposer quota 1 this is the classic many-to-one (college
/// admissions) algorithm; its result is the proposer-optimal pairwise-stable matching, which
/// does not depend on the order in which proposals are processed.
public struct DeferredAcceptance: Sendable {
    /// Number of proposers.
    public let proposerCount: Int
    /// Number of receivers.
    public let receiverCount: Int
    /// Most receivers each proposer may hold.
    public private(set) var proposerQuota: ContiguousArray<Int>
    /// Most proposers each receiver may hold.
    public private(set) var receiverQuota: ContiguousArray<Int>
    /// Proposer of each edge.
    public private(set) var edgeProposer: ContiguousArray<Int32> = []
    /// Receiver of each edge.
    public private(set) var edgeReceiver: ContiguousArray<Int32> = []
    /// How much the proposer values the receiver (> 0 to be acceptable).
    public private(set) var proposerWeight: ContiguousArray<Int64> = []
    /// How much the receiver values the proposer (> 0 to be acceptable).
    public private(set) var receiverWeight: ContiguousArray<Int64> = []

    /// An instance with uniform quotas.
    public init(proposerCount: Int, receiverCount: Int, proposerQuota: Int = 1, receiverQuota: Int = 1) {
        self.proposerCount = proposerCount
        self.receiverCount = receiverCount
        self.proposerQuota = ContiguousArray(repeating: Swift.max(0, proposerQuota), count: proposerCount)
        self.receiverQuota = ContiguousArray(repeating: Swift.max(0, receiverQuota), count: receiverCount)
    }

    /// Sets proposer `p`'s quota.
    public mutating func setProposerQuota(_ p: Int, _ quota: Int) throws(MatchingCoreError) {
        guard p >= 0 && p < proposerCount else { throw .nodeOutOfRange(node: p, nodeCount: proposerCount) }
        guard quota >= 0 else { throw .invalidArgument("quota \(quota) < 0") }
        proposerQuota[p] = quota
    }

    /// Sets receiver `r`'s quota.
    public mutating func setReceiverQuota(_ r: Int, _ quota: Int) throws(MatchingCoreError) {
        guard r >= 0 && r < receiverCount else { throw .nodeOutOfRange(node: r, nodeCount: receiverCount) }
        guard quota >= 0 else { throw .invalidArgument("quota \(quota) < 0") }
        receiverQuota[r] = quota
    }

    /// Adds the edge proposer `p` – receiver `r` (at most one per pair); returns its index.
    @discardableResult
    public mutating func addEdge(proposer p: Int, receiver r: Int, proposerWeight wp: Int64, receiverWeight wr: Int64)
        throws(MatchingCoreError) -> Int
    {
        guard p >= 0 && p < proposerCount else { throw .nodeOutOfRange(node: p, nodeCount: proposerCount) }
        guard r >= 0 && r < receiverCount else { throw .nodeOutOfRange(node: r, nodeCount: receiverCount) }
        edgeProposer.append(Int32(p))
        edgeReceiver.append(Int32(r))
        proposerWeight.append(wp)
        receiverWeight.append(wr)
        return edgeProposer.count - 1
    }

    /// Runs deferred acceptance; throws `.invalidArgument` on a repeated pair.
    /// - Complexity: O(E log E) to sort preferences plus O(E log q) for the proposals, with E
    ///   edges and q the largest receiver quota.
    public func solve() throws(MatchingCoreError) -> DeferredAcceptanceResult {
        let edgeCount = edgeProposer.count
        let (acceptable, listStart) = try preferenceLists()
        let regionStart = heldRegions(acceptable)
        // Each receiver's region of `held` is a binary heap, the edge it likes least at the root.
        var held = ContiguousArray<Int32>(repeating: -1, count: regionStart[receiverCount])
        var heldCount = ContiguousArray<Int>(repeating: 0, count: receiverCount)
        var nextChoice = ContiguousArray<Int>(listStart[0..<proposerCount])
        var holding = ContiguousArray<Int>(repeating: 0, count: proposerCount)
        var pending = ContiguousArray<Int32>((0..<proposerCount).reversed().map { Int32($0) })
        var proposals = 0

        // `a` is worse than `b` for their (common) receiver.
        func worse(_ a: Int32, _ b: Int32) -> Bool {
            let wa = receiverWeight[Int(a)]
            let wb = receiverWeight[Int(b)]
            if wa != wb { return wa < wb }
            return edgeProposer[Int(a)] > edgeProposer[Int(b)]
        }
        while let p32 = pending.popLast() {
            let p = Int(p32)
            while holding[p] < proposerQuota[p] && nextChoice[p] < listStart[p + 1] {
                let e = acceptable[nextChoice[p]]
                nextChoice[p] += 1
                proposals += 1
                let r = Int(edgeReceiver[Int(e)])
                let base = regionStart[r]
                let capacity = regionStart[r + 1] - base
                if capacity == 0 { continue }
                if heldCount[r] < capacity {
                    var i = heldCount[r]
                    held[base + i] = e
                    heldCount[r] += 1
                    while i > 0 {  // sift up: the worst rises to the root
                        let parent = (i - 1) / 2
                        guard worse(held[base + i], held[base + parent]) else { break }
                        held.swapAt(base + i, base + parent)
                        i = parent
                    }
                    holding[p] += 1
                } else if worse(held[base], e) {
                    let rejected = Int(edgeProposer[Int(held[base])])
                    held[base] = e
                    var i = 0
                    while true {  // sift down
                        let l = 2 * i + 1
                        if l >= capacity { break }
                        var w = l
                        if l + 1 < capacity && worse(held[base + l + 1], held[base + l]) { w = l + 1 }
                        guard worse(held[base + w], held[base + i]) else { break }
                        held.swapAt(base + i, base + w)
                        i = w
                    }
                    holding[p] += 1
                    holding[rejected] -= 1
                    pending.append(Int32(rejected))
                }
            }
        }
        var matched = ContiguousArray<Bool>(repeating: false, count: edgeCount)
        for r in 0..<receiverCount {
            for i in 0..<heldCount[r] { matched[Int(held[regionStart[r] + i])] = true }
        }
        return DeferredAcceptanceResult(matched: matched, proposals: proposals)
    }

    /// The acceptable edges as the proposers' preference lists in CSR form: sorted by (proposer,
    /// proposer weight descending, receiver), proposer p's list at `listStart[p]..<listStart[p + 1]`.
    /// Throws `.invalidArgument` on a repeated pair (adjacent in this order).
    /// - Complexity: O(E log E) with E edges.
    func preferenceLists() throws(MatchingCoreError) -> (acceptable: [Int32], listStart: ContiguousArray<Int>) {
        var acceptable: [Int32] = []
        acceptable.reserveCapacity(edgeProposer.count)
        for e in 0..<edgeProposer.count where proposerWeight[e] > 0 && receiverWeight[e] > 0 {
            acceptable.append(Int32(e))
        }
        acceptable.sort { a, b in
            let pa = edgeProposer[Int(a)]
            let pb = edgeProposer[Int(b)]
            if pa != pb { return pa < pb }
            let wa = proposerWeight[Int(a)]
            let wb = proposerWeight[Int(b)]
            if wa != wb { return wa > wb }
            return edgeReceiver[Int(a)] < edgeReceiver[Int(b)]
        }
        for i in acceptable.indices.dropFirst() {
            let a = Int(acceptable[i - 1])
            let b = Int(acceptable[i])
            if edgeProposer[a] == edgeProposer[b] && edgeReceiver[a] == edgeReceiver[b] {
                throw .invalidArgument("edges \(a) and \(b) repeat the pair (\(edgeProposer[a]), \(edgeReceiver[a]))")
            }
        }
        var listStart = ContiguousArray<Int>(repeating: 0, count: proposerCount + 1)
        for e in acceptable { listStart[Int(edgeProposer[Int(e)]) + 1] += 1 }
        for p in 0..<proposerCount { listStart[p + 1] += listStart[p] }
        return (acceptable, listStart)
    }

    /// The receivers' regions of one `held` array, receiver r's at `regionStart[r]..<regionStart[r + 1]`:
    /// `min(receiverQuota[r], in-degree of r)` slots, as many as r can ever hold.
    /// - Complexity: O(E + receivers) with E acceptable edges.
    func heldRegions(_ acceptable: [Int32]) -> ContiguousArray<Int> {
        var regionStart = ContiguousArray<Int>(repeating: 0, count: receiverCount + 1)
        var indegree = ContiguousArray<Int>(repeating: 0, count: receiverCount)
        for e in acceptable { indegree[Int(edgeReceiver[Int(e)])] += 1 }
        for r in 0..<receiverCount { regionStart[r + 1] = regionStart[r] + Swift.min(receiverQuota[r], indegree[r]) }
        return regionStart
    }
}

/// The outcome of deferred acceptance.
public struct DeferredAcceptanceResult: Sendable, Equatable {
    /// Whether each edge (in edge order) is in the matching.
    public var matched: ContiguousArray<Bool>
    /// Number of proposals made.
    public var proposals: Int

    /// Indices of the matched edges, ascending.
    public var matchedEdges: [Int] { matched.indices.filter { matched[$0] } }
}
