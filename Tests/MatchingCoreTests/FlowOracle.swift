import MatchingCore

/// An independent, simple min-cost flow solver for tiny instances: shift lower bounds, saturate
/// negative-cost arcs, then successive shortest paths with Bellman–Ford from a super source.
/// Returns nil when infeasible.
func oracleMinCost(_ p: MinCostFlow) -> Int64? {
    let n = p.nodeCount
    let s = n
    let t = n + 1
    var head: [Int] = []
    var cap: [Int64] = []
    var cost: [Int64] = []
    var adj = Array(repeating: [Int](), count: n + 2)
    func add(_ u: Int, _ v: Int, _ c: Int64, _ w: Int64) {
        adj[u].append(head.count)
        head.append(v)
        cap.append(c)
        cost.append(w)
        adj[v].append(head.count)
        head.append(u)
        cap.append(0)
        cost.append(-w)
    }
    var excess = Array(p.supply)
    var total: Int64 = 0
    for a in 0..<p.arcCount {
        let u = Int(p.tails[a])
        let v = Int(p.heads[a])
        let l = p.lowers[a]
        let c = p.capacities[a] - p.lowers[a]
        let w = p.costs[a]
        excess[u] -= l
        excess[v] += l
        total += l * w
        if w < 0 {
            // Saturate: push c along, keep the reverse as a positive-cost residual arc.
            excess[u] -= c
            excess[v] += c
            total += c * w
            add(v, u, c, -w)
        } else {
            add(u, v, c, w)
        }
    }
    if excess.reduce(0, +) != 0 { return nil }
    var need: Int64 = 0
    for v in 0..<n {
        if excess[v] > 0 {
            add(s, v, excess[v], 0)
            need += excess[v]
        }
        if excess[v] < 0 { add(v, t, -excess[v], 0) }
    }
    var sent: Int64 = 0
    while sent < need {
        var dist = Array(repeating: Int64.max, count: n + 2)
        var via = Array(repeating: -1, count: n + 2)
        dist[s] = 0
        var changed = true
        while changed {
            changed = false
            for u in 0..<(n + 2) where dist[u] != Int64.max {
                for e in adj[u] where cap[e] > 0 && dist[u] + cost[e] < dist[head[e]] {
                    dist[head[e]] = dist[u] + cost[e]
                    via[head[e]] = e
                    changed = true
                }
            }
        }
        if dist[t] == Int64.max { return nil }
        var push = need - sent
        var v = t
        while v != s {
            let e = via[v]
            push = min(push, cap[e])
            v = head[e ^ 1]
        }
        v = t
        while v != s {
            let e = via[v]
            cap[e] -= push
            cap[e ^ 1] += push
            v = head[e ^ 1]
        }
        sent += push
        total += push * dist[t]
    }
    return total
}

/// The minimum cost over every integer flow vector within bounds that conserves supplies,
/// by exhaustive enumeration (tiny instances only); nil when none exists.
func bruteForceMinCost(_ p: MinCostFlow) -> Int64? {
    var flow = Array(repeating: Int64(0), count: p.arcCount)
    var best: Int64? = nil
    func recurse(_ a: Int) {
        if a == p.arcCount {
            var excess = Array(p.supply)
            var cost: Int64 = 0
            for e in 0..<p.arcCount {
                excess[Int(p.tails[e])] -= flow[e]
                excess[Int(p.heads[e])] += flow[e]
                cost += flow[e] * p.costs[e]
            }
            if excess.allSatisfy({ $0 == 0 }) { best = min(best ?? cost, cost) }
            return
        }
        for f in p.lowers[a]...p.capacities[a] {
            flow[a] = f
            recurse(a + 1)
        }
    }
    recurse(0)
    return best
}
