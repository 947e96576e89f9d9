import Catalog

/// One coming year's allocation, per program and per role (what the advice reads).
struct YearAllocation: Sendable {
    /// Years after the base year.
    var offset: Int
    /// Labour-market graduates available to local demand, per program.
    var available: [Int32]
    /// Placed, per program.
    var allocated: [Int32]
    /// Unfilled headcount, per role.
    var unmet: [Int32]
}

extension Planner {
    /// The multi-year plan: each program's cohorts, each coming graduation year's labour-market
    /// graduates allocated to that year's projected demand on this year's candidate edges.
    ///
    /// - Complexity: one min-cost flow per year over the same programs, roles and edges as this
    ///   year's (only the capacities change), plus O(edges) once to attribute idle graduates to
    ///   clusters; memory: the per-program and per-role arrays of each year, one network at a time.
    func pipeline(allocation: Allocation, clusters: [Balance], edges: CandidateEdges, horizon: Int) throws(PlannerError)
        -> (PipelinePlan, [YearAllocation])
    {
        let set = allocation.set
        let pipe = policy.pipeline
        let base = Cohorts.baseYear(set, pipe)
        let programCount = set.programs.count
        let levels = set.programs.map { Cohorts.level(of: $0, in: set).index }
        let (graduates, further, cohorts) = Self.horizonCohorts(
            set: set, pipe: pipe, levels: levels, base: base, horizon: horizon)

        // Clusters in this year's order; each program's candidate clusters with summed scores.
        let clusterIndex = Dictionary(uniqueKeysWithValues: clusters.enumerated().map { ($1.key, $0) })
        let roleCluster = set.roles.map { clusterIndex[set.demands[Int($0.submission)].cluster] ?? 0 }
        let weights = Advisor.IdleWeights(programs: programCount, edges: edges, roleCluster: roleCluster)

        let stages = pipe.stages
        let baseFurther = set.programs.indices.map { i in
            Int32(Cohorts.part(Int64(max(0, set.programs[i].graduates)), Exact.micros(stages[levels[i]].furtherStudy)))
        }
        let baseLevels = Self.levelFlows(levels: levels, set.programs.map(\.graduates), baseFurther, allocation.available)

        var years: [HorizonYear] = []
        var allocations: [YearAllocation] = []
        for t in 1...horizon {
            let (year, yearAllocation) = try horizonYear(
                t, set: set, clusters: clusters, edges: edges, graduates: graduates[t - 1], further: further[t - 1],
                levels: levels, base: base, roleCluster: roleCluster, weights: weights)
            years.append(year)
            allocations.append(yearAllocation)
        }
        let result = PipelinePlan(
            baseYear: base, horizon: horizon, cohorts: cohorts, baseLevels: baseLevels, years: years, stages: stages)
        return (result, allocations)
    }

    /// Each program's graduates and further-study leavers in each coming year (`[year][program]`),
    /// and the students in school by level.
    static func horizonCohorts(set: CatalogSet, pipe: PipelinePolicy, levels: [Int], base: Int?, horizon: Int)
        -> (graduates: [[Int32]], further: [[Int32]], cohorts: [LevelCohorts])
    {
        let programCount = set.programs.count
        var graduates = [[Int32]](repeating: [Int32](repeating: 0, count: programCount), count: horizon)
        var further = graduates
        var cohorts = EducationLevel.allCases.map { l in
            LevelCohorts(
                level: l, years: pipe.stage(l).years, students: [Int](repeating: 0, count: pipe.stage(l).years),
                programs: 0, estimatedIntakes: 0)
        }
        for (i, p) in set.programs.enumerated() {
            let c = Cohorts.cohorts(p, stage: pipe.stages[levels[i]], base: base, horizon: horizon)
            cohorts[levels[i]].programs += 1
            cohorts[levels[i]].estimatedIntakes += c.estimated
            for (k, s) in c.students.enumerated() { cohorts[levels[i]].students[k] += Int(s) }
            for t in 0..<horizon {
                graduates[t][i] = c.graduates[t]
                further[t][i] = c.furtherStudy[t]
            }
        }
        return (graduates, further, cohorts)
    }

    /// Graduates, further study, labour market and available graduates summed by level, given per
    /// program (`levels[i]`: program i's level index).
    static func levelFlows(levels: [Int], _ g: [Int32], _ f: [Int32], _ available: [Int32]) -> [LevelFlow] {
        var out = EducationLevel.allCases.map {
            LevelFlow(level: $0, graduates: 0, furtherStudy: 0, labourMarket: 0, available: 0, fromBelow: 0)
        }
        for i in 0..<levels.count {
            out[levels[i]].graduates += Int(g[i])
            out[levels[i]].furtherStudy += Int(f[i])
            out[levels[i]].available += Int(available[i])
        }
        for l in out.indices {
            out[l].labourMarket = out[l].graduates - out[l].furtherStudy
            if l > 0 { out[l].fromBelow = out[l - 1].furtherStudy }
        }
        return out
    }

    /// Year `t` of the horizon: its labour-market graduates (`g − f`, kept locally) allocated to its
    /// projected demand, and that allocation's accounts by cluster (the same as this year's balances).
    func horizonYear(
        _ t: Int, set: CatalogSet, clusters thisYear: [Balance], edges: CandidateEdges, graduates g: [Int32],
        further f: [Int32], levels: [Int], base: Int?, roleCluster: [Int], weights: Advisor.IdleWeights
    ) throws(PlannerError) -> (HorizonYear, YearAllocation) {
        let programCount = set.programs.count
        let available = (0..<programCount).map { Cohorts.local(g[$0] - f[$0], retention: set.programs[$0].localRetention) }
        let headcount = set.roles.map { Cohorts.projected($0.headcount, growth: $0.growth, years: t) }
        let (flows, _) = try allocate(set: set, edges: edges, supply: available, headcount: headcount, network: false)
        let totals = FlowTotals(flows, programs: programCount, roles: set.roles.count)
        let (allocated, filled, score) = (totals.allocated, totals.filled, totals.score)
        let unmet = set.roles.indices.map { headcount[$0] - filled[$0] }
        // The same accounts as this year's balances, on this year's allocation.
        let a = Advisor.clusterAccounts(
            clusters: thisYear.count, roleCluster: roleCluster, headcount: headcount, unmet: unmet, flows: flows,
            idle: (0..<programCount).map { available[$0] - allocated[$0] }, weights: weights)
        let noDemand = a.noDemand
        let clusters = thisYear.enumerated().map { c, b in
            HorizonCluster(
                key: b.key, name: b.name, supply: a.placed[c] + a.unplaced[c], demand: a.demand[c], placed: a.placed[c],
                unfilled: a.unfilled[c])
        }
        let year = HorizonYear(
            offset: t, year: base.map { $0 + t }, levels: Self.levelFlows(levels: levels, g, f, available),
            available: available.reduce(0) { $0 + Int($1) }, demand: headcount.reduce(0) { $0 + Int($1) },
            placed: Int(allocated.reduce(0) { $0 + Int($1) }), unplacedNoDemand: noDemand, clusters: clusters,
            totalScore: (score * 10_000).rounded() / 10_000)
        return (year, YearAllocation(offset: t, available: available, allocated: allocated, unmet: unmet))
    }
}
