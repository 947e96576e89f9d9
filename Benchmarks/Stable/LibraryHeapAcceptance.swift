// Deferred acceptance with swift-collections' `Heap` per receiver: the peer that
// `deferred-acceptance-20k-heap` times beside `DeferredAcceptance.solve()`, whose receivers keep
// hand-written heaps in regions of one array. Same preferences, same order, same matching.

import HeapModule
import MatchingCore

/// An edge a receiver holds, ordered worst first for that receiver (lower receiver weight, then
/// the higher proposer), so that the heap's minimum is the edge it drops first.
struct HeldEdge: Comparable {
    var weight: Int64
    var proposer: Int32
    var edge: Int32

    static func < (a: HeldEdge, b: HeldEdge) -> Bool {
        a.weight != b.weight ? a.weight < b.weight : a.proposer > b.proposer
    }

    static func == (a: HeldEdge, b: HeldEdge) -> Bool { a.weight == b.weight && a.proposer == b.proposer }
}

/// The matching of `da` (edge order) by proposer-proposing deferred acceptance on library heaps.
func libraryHeapAcceptance(_ da: DeferredAcceptance) -> ContiguousArray<Bool> {
    let edges = da.edgeProposer.count
    var acceptable = (0..<edges).filter { da.proposerWeight[$0] > 0 && da.receiverWeight[$0] > 0 }
    acceptable.sort { a, b in
        let (pa, pb) = (da.edgeProposer[a], da.edgeProposer[b])
        if pa != pb { return pa < pb }
        let (wa, wb) = (da.proposerWeight[a], da.proposerWeight[b])
        if wa != wb { return wa > wb }
        return da.edgeReceiver[a] < da.edgeReceiver[b]
    }
    var listStart = [Int](repeating: 0, count: da.proposerCount + 1)
    for e in acceptable { listStart[Int(da.edgeProposer[e]) + 1] += 1 }
    for p in 0..<da.proposerCount { listStart[p + 1] += listStart[p] }
    var held = [Heap<HeldEdge>](repeating: Heap(), count: da.receiverCount)
    var nextChoice = Array(listStart[0..<da.proposerCount])
    var holding = [Int](repeating: 0, count: da.proposerCount)
    var pending = (0..<da.proposerCount).reversed().map { $0 }
    while let p = pending.popLast() {
        while holding[p] < da.proposerQuota[p] && nextChoice[p] < listStart[p + 1] {
            let e = acceptable[nextChoice[p]]
            nextChoice[p] += 1
            let r = Int(da.edgeReceiver[e])
            let quota = da.receiverQuota[r]
            if quota == 0 { continue }
            let offer = HeldEdge(weight: da.receiverWeight[e], proposer: Int32(p), edge: Int32(e))
            if held[r].count < quota {
                held[r].insert(offer)
                holding[p] += 1
            } else if let worst = held[r].min, worst < offer {
                held[r].replaceMin(with: offer)
                holding[p] += 1
                holding[Int(worst.proposer)] -= 1
                pending.append(Int(worst.proposer))
            }
        }
    }
    var matched = ContiguousArray<Bool>(repeating: false, count: edges)
    for heap in held { for h in heap.unordered { matched[Int(h.edge)] = true } }
    return matched
}
