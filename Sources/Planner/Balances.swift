import Catalog
import MatchingCore

extension Advisor {
    /// Supply/demand per cluster and per major, and the plan's accounts.
    ///
    /// Cluster identities: `supply = allocated + unplaced` and `demand = allocated + unfilled`. A
    /// program's idle graduates are split among the clusters of its candidate roles in proportion
    /// to the summed scores of its edges into each; a program with no candidate role counts in
    /// `Accounts.unplacedNoDemand` instead. So Σ cluster supply + unplacedNoDemand = available.
    func balances() -> (clusters: [Balance], majors: [Balance], noDemand: Int) {
        let programCount = set.programs.count
        let (clusterKeys, roleCluster) = demandClusters()
        let accounts = Self.clusterAccounts(
            clusters: clusterKeys.count, roleCluster: roleCluster, headcount: set.roles.map(\.headcount),
            unmet: allocation.unmet, flows: allocation.flows, idle: allocation.idle,
            weights: IdleWeights(programs: programCount, edges: edges, roleCluster: roleCluster))
        let (cDemand, cUnfilled, cAlloc, cUnplaced, noDemand) =
            (accounts.demand, accounts.unfilled, accounts.placed, accounts.unplaced, accounts.noDemand)
        let clusters = clusterKeys.enumerated().map { c, k in
            var b = balance(
                k, set.clusterIndex[k].map { set.clusters[Int($0)].name } ?? k, cAlloc[c] + cUnplaced[c], cDemand[c],
                cAlloc[c])
            b.unplaced = cUnplaced[c]
            b.unfilled = cUnfilled[c]
            // Idle graduates and unfilled posts side by side: not a surplus, a mismatch.
            if b.unplaced > 0 && b.unfilled > 0 && b.supply > b.demand {
                b.band = "mismatch"
                b.bandLabel = "结构性错配（闲置 \(Exact.count(b.unplaced)) 人，缺口 \(Exact.count(b.unfilled)) 人）"
            }
            return b
        }
        return (clusters, majorBalances(), noDemand)
    }

    /// The clusters with demand (the catalog's order, then unknown ids sorted) and each role's index among them.
    func demandClusters() -> (keys: [String], roleCluster: [Int]) {
        func clusterOf(role r: Int) -> String { set.demands[Int(set.roles[r].submission)].cluster }
        var hasDemand = Set<String>()
        for r in set.roles.indices { hasDemand.insert(clusterOf(role: r)) }
        var clusterKeys: [String] = set.clusters.map(\.id).filter { hasDemand.contains($0) }
        let known = Set(clusterKeys)
        clusterKeys += hasDemand.filter { !known.contains($0) }.sorted()
        let clusterIndex = Dictionary(uniqueKeysWithValues: clusterKeys.enumerated().map { ($1, $0) })
        let roleCluster = set.roles.indices.map { clusterIndex[clusterOf(role: $0)]! }
        return (clusterKeys, roleCluster)
    }

    /// Supply/demand per major, by major code: its programs' available graduates against the
    /// flows into them plus the unmet of the roles each is the best candidate of.
    func majorBalances() -> [Balance] {
        var bestProgramOfRole = [Int32](repeating: -1, count: set.roles.count)
        for r in set.roles.indices where edges.roleStart[r] < edges.roleStart[r + 1] {
            bestProgramOfRole[r] = edges.program[edges.roleStart[r]]
        }
        func majorOf(program p: Int) -> String? {
            let m = set.programs[p].major
            return m >= 0 ? set.majors[Int(m)].code : nil
        }
        var mSupply: [String: Int] = [:]
        var mDemand: [String: Int] = [:]
        var mAlloc: [String: Int] = [:]
        for r in set.roles.indices {
            if allocation.unmet[r] > 0, bestProgramOfRole[r] >= 0, let m = majorOf(program: Int(bestProgramOfRole[r])) {
                mDemand[m, default: 0] += Int(allocation.unmet[r])
            }
        }
        for f in allocation.flows {
            if let m = majorOf(program: Int(f.program)) {
                mDemand[m, default: 0] += Int(f.count)
                mAlloc[m, default: 0] += Int(f.count)
            }
        }
        for p in 0..<set.programs.count {
            if let m = majorOf(program: p) { mSupply[m, default: 0] += Int(allocation.available[p]) }
        }
        let majorKeys = Set(mSupply.keys).union(mDemand.keys).sorted()
        return majorKeys.map { k in
            balance(
                k, set.majorIndex[k].map { set.majors[Int($0)].name } ?? k, mSupply[k] ?? 0, mDemand[k] ?? 0,
                mAlloc[k] ?? 0)
        }
    }

    /// One balance with its ratio (thousandths) and the policy's band.
    private func balance(_ key: String, _ name: String, _ s: Int, _ d: Int, _ a: Int) -> Balance {
        let ratio = d > 0 ? Double(Measure.thousandths(Int64(s), Int64(d))) / 1000 : .infinity
        let band = policy.band(supply: s, demand: d)
        return Balance(
            key: key, name: name, supply: s, demand: d, allocated: a, ratio: ratio, band: band.name,
            bandLabel: band.label)
    }

    /// Each program's edges as (cluster of the role, score in 1/10000, at least 1), grouped by
    /// program: the weights that split its idle graduates among clusters. Built once per plan and
    /// read by every year's accounts.
    struct IdleWeights: Sendable {
        /// Program p's entries are `start[p]..<start[p + 1]`.
        var start: [Int]
        var cluster: [Int32]
        var weight: [Int32]

        init(programs P: Int, edges: CandidateEdges, roleCluster: [Int]) {
            start = [Int](repeating: 0, count: P + 1)
            for e in 0..<edges.count { start[Int(edges.program[e]) + 1] += 1 }
            for p in 0..<P { start[p + 1] += start[p] }
            var next = start
            cluster = [Int32](repeating: 0, count: edges.count)
            weight = [Int32](repeating: 0, count: edges.count)
            for r in roleCluster.indices {
                for e in edges.roleStart[r]..<edges.roleStart[r + 1] {
                    let p = Int(edges.program[e])
                    cluster[next[p]] = Int32(roleCluster[r])
                    weight[next[p]] = Int32(max(1, Int((Double(edges.score[e]) * 10_000).rounded())))
                    next[p] += 1
                }
            }
        }
    }

    /// One allocation's accounts by cluster (this year's, or a horizon year's): each cluster's
    /// `demand` (Σ headcount), `unfilled` (Σ positive unmet), `placed` (Σ flows), and `unplaced`:
    /// a program's idle graduates split among the clusters of its candidate roles in proportion to
    /// the summed weights of its edges into each (largest remainder); a program with no candidate
    /// role counts in `noDemand` instead.
    static func clusterAccounts(
        clusters clusterCount: Int, roleCluster: [Int], headcount: [Int32], unmet: [Int32], flows: [Flow], idle: [Int32],
        weights: IdleWeights
    ) -> (demand: [Int], unfilled: [Int], placed: [Int], unplaced: [Int], noDemand: Int) {
        var demand = [Int](repeating: 0, count: clusterCount)
        var unfilled = demand
        var placed = demand
        var unplaced = demand
        for r in roleCluster.indices {
            demand[roleCluster[r]] += Int(headcount[r])
            unfilled[roleCluster[r]] += max(0, Int(unmet[r]))
        }
        for f in flows { placed[roleCluster[Int(f.role)]] += Int(f.count) }
        var noDemand = 0
        for p in idle.indices {
            let n = Int(idle[p])
            guard n > 0 else { continue }
            let range = weights.start[p]..<weights.start[p + 1]
            guard !range.isEmpty else {
                noDemand += n
                continue
            }
            var byCluster: [Int: Int] = [:]
            for k in range { byCluster[Int(weights.cluster[k]), default: 0] += Int(weights.weight[k]) }
            let keys = byCluster.keys.sorted()
            let parts = apportion(n, keys.map { byCluster[$0]! })
            for (k, c) in keys.enumerated() { unplaced[c] += parts[k] }
        }
        return (demand, unfilled, placed, unplaced, noDemand)
    }

    /// The plan's accounts from the balances and the unserved roles.
    func accounts(clusters: [Balance], noDemand: Int, unserved: [UnservedRole]) -> Accounts {
        let available = allocation.available.reduce(0) { $0 + Int($1) }
        let placed = allocation.flows.reduce(0) { $0 + Int($1.count) }
        let demand = set.roles.reduce(0) { $0 + Int($1.headcount) }
        var byReason: [UnservedReason: Int] = [:]
        for u in unserved { byReason[u.reason, default: 0] += u.unmet }
        return Accounts(
            available: available, placed: placed, unplaced: available - placed, unplacedNoDemand: noDemand,
            demand: demand, filled: placed, unfilled: demand - placed,
            unfilledByReason: UnservedReason.allCases.map { ($0, byReason[$0] ?? 0) })
    }
}
