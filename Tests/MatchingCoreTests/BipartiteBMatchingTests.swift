import MatchingCore
import TestSupport
import Testing

/// Best total weight by enumerating every amount vector, or nil when no vector is feasible.
func bruteForceBMatching(_ b: BipartiteBMatching) -> Int64? {
    let edges = b.edgeLeft.count
    var amount = Array(repeating: Int64(0), count: edges)
    var best: Int64? = nil
    func check() {
        var left = Array(repeating: Int64(0), count: b.leftCount)
        var right = Array(repeating: Int64(0), count: b.rightCount)
        var w: Int64 = 0
        for e in 0..<edges {
            left[Int(b.edgeLeft[e])] += amount[e]
            right[Int(b.edgeRight[e])] += amount[e]
            w += amount[e] * b.edgeWeight[e]
        }
        for i in 0..<b.leftCount where left[i] > b.leftCapacity[i] { return }
        for j in 0..<b.rightCount where right[j] < b.rightLower[j] || right[j] > b.rightUpper[j] { return }
        best = max(best ?? w, w)
    }
    func recurse(_ e: Int) {
        if e == edges {
            check()
            return
        }
        for a in 0...b.edgeCapacity[e] {
            amount[e] = a
            recurse(e + 1)
        }
    }
    recurse(0)
    return best
}

@Suite struct BipartiteBMatchingTests {
    @Test(arguments: 0..<6)
    func againstBruteForce(seed: UInt64) throws {
        var rng = SeededRandom(seed: 900 + seed)
        var infeasible = 0
        for _ in 0..<60 {
            let l = rng.int(1...3)
            let r = rng.int(1...3)
            var b = BipartiteBMatching(leftCount: l, rightCount: r)
            for i in 0..<l { try b.setLeftCapacity(i, rng.int64(0...3)) }
            for j in 0..<r {
                let upper = rng.int64(0...3)
                try b.setRightBounds(j, lower: rng.chance(0.3) ? rng.int64(0...upper) : 0, upper: upper)
            }
            for _ in 0..<rng.int(0...5) {
                try b.addEdge(
                    left: rng.int(0...l - 1), right: rng.int(0...r - 1), weight: rng.int64(-3...10),
                    capacity: rng.int64(0...2))
            }
            let expected = bruteForceBMatching(b)
            let result = try b.solve()
            if let expected {
                #expect(result.status == .optimal)
                #expect(result.totalWeight == expected)
                try b.network().verifyOptimality(try b.network().solve())
            } else {
                infeasible += 1
                #expect(result.status == .infeasible)
            }
        }
        #expect(infeasible > 0)
    }

    @Test func unusedCapacityIsAllowed() throws {
        var b = BipartiteBMatching(leftCount: 2, rightCount: 1)
        try b.setLeftCapacity(0, 5)
        try b.setRightBounds(0, lower: 0, upper: 10)
        try b.addEdge(left: 0, right: 0, weight: 3, capacity: 4)
        try b.addEdge(left: 1, right: 0, weight: -1)
        let r = try b.solve()
        #expect(r.status == .optimal)
        #expect(Array(r.amount) == [4, 0])
        #expect(r.totalWeight == 12)
    }
}
