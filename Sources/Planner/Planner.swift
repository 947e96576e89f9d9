public import Catalog
public import MatchingCore

/// Errors of the Planner module.
public enum PlannerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The allocation network could not be solved (a bug: it always has a feasible bypass).
    case allocationFailed(String)

    public var description: String {
        switch self {
        case .allocationFailed(let why): "allocation failed: \(why)"
        }
    }
}

/// Runs the whole plan: vectorize, score, allocate, advise, pair.
public struct Planner: Sendable {
    /// The policy in force.
    public var policy: Policy
    /// Worker threads for candidate retrieval (results do not depend on it).
    public var threads: Int
    /// Called after each step with its name (for `--timings` and progress).
    public var onStep: (@Sendable (String) -> Void)?
    /// Called with the allocation network before it is solved (for `plan --write-network`).
    public var onNetwork: (@Sendable (MinCostFlow) -> Void)?

    /// Creates a planner.
    public init(policy: Policy, threads: Int = 1) {
        self.policy = policy
        self.threads = max(1, threads)
    }

    /// The matching step of a plan: the inputs vectorised and their candidate edges under one
    /// scoring policy. A second plan of the same inputs under equal scoring reuses it
    /// (`plan --scenario`), since the two steps read nothing of the policy but its scoring.
    public struct Matching: Sendable {
        /// The scoring policy it was made under.
        public let scoring: ScoringPolicy
        let space: MatchSpace
        let edges: CandidateEdges
        let programs: Int
        let roles: Int
    }

    /// Plans over `set`.
    /// - Complexity: candidate retrieval as in `MatchSpace.candidates`, then one min-cost flow
    ///   over programs + roles + candidate edges (network simplex).
    public func plan(_ set: CatalogSet) throws(PlannerError) -> Plan {
        try plan(set, reusing: nil).plan
    }

    /// Plans over `set`, reusing `matching` when it was made from the same inputs under a scoring
    /// policy equal to this planner's (else matching afresh), and returns the matching used.
    public func plan(_ set: CatalogSet, reusing matching: Matching?) throws(PlannerError) -> (plan: Plan, matching: Matching) {
        let space: MatchSpace
        let edges: CandidateEdges
        if let m = matching, m.scoring == policy.scoring, m.programs == set.programs.count, m.roles == set.roles.count {
            space = m.space
            edges = m.edges
        } else {
            space = MatchSpace(set: set, scoring: policy.scoring)
            onStep?("vectorize")
            edges = space.candidates(set: set, threads: threads)
            onStep?("candidates")
        }
        let used = Matching(scoring: policy.scoring, space: space, edges: edges, programs: set.programs.count, roles: set.roles.count)
        // This year's labour-market graduates available to local demand (those continuing to the
        // next level are not; with the built-in pipeline that is every graduate × retention).
        let stages = policy.pipeline.stages
        let available = set.programs.map { p in
            Cohorts.local(
                Cohorts.labourMarket(p.graduates, stage: stages[Cohorts.level(of: p, in: set).index]),
                retention: p.localRetention)
        }
        let (flows, objective) = try allocate(
            set: set, edges: edges, supply: available, headcount: set.roles.map(\.headcount), network: true)
        onStep?("allocate")
        let totals = FlowTotals(flows, programs: set.programs.count, roles: set.roles.count)
        let unmet = set.roles.indices.map { set.roles[$0].headcount - totals.filled[$0] }
        let idle = set.programs.indices.map { available[$0] - totals.allocated[$0] }
        let allocation = Allocation(set: set, policy: policy, flows: flows, unmet: unmet, idle: idle, available: available)
        let advisor = Advisor(allocation: allocation, space: space, edges: edges)
        let (clusters, majors, noDemand) = advisor.balances()
        let unserved = advisor.unservedRoles()
        let (dual, gated) = advisor.dualTeacher()
        let horizon = policy.pipeline.horizon
        var pipeline: PipelinePlan?
        var years: [YearAllocation] = []
        if horizon > 0 {
            (pipeline, years) = try self.pipeline(allocation: allocation, clusters: clusters, edges: edges, horizon: horizon)
            onStep?("horizon")
        }
        let context = advisor.adviceContext(majorBalances: majors, gated: gated, horizon: years)
        var programs = advisor.programAdvice(context: context, threads: threads)
        var dualTeacher = dual
        dualTeacher.programsGated = programs.filter { a in a.rules.contains { $0.id == "bounds.dualTeacherFloor" } }.count
        onStep?("advise")
        if policy.pipeline.sensitivity > 0 {
            let s = advisor.sensitivity(advice: programs, context: context, step: policy.pipeline.sensitivity)
            for i in programs.indices { programs[i].sensitivity = s[i] }
            onStep?("sensitivity")
        }
        let openings = advisor.openings(unserved: unserved, threads: threads)
        onStep?("openings")
        let consortia = try Consortia.pair(allocation: allocation, edges: edges)
        onStep?("consortia")
        let plan = Plan(
            set: set, policy: policy, candidateEdges: edges.count,
            rolesWithoutCandidates: set.roles.indices.filter { edges.roleStart[$0] == edges.roleStart[$0 + 1] }.count,
            candidateEdgesByEvidence: LinkEvidence.allCases.map { k in edges.evidence.lazy.filter { $0 == k }.count },
            flows: flows, totalScore: (totals.score * 10_000).rounded() / 10_000,
            objective: objective, unmet: unmet, idle: idle, programs: programs, clusters: clusters, majors: majors,
            openings: openings, consortia: consortia,
            accounts: advisor.accounts(clusters: clusters, noDemand: noDemand, unserved: unserved),
            unservedRoles: unserved, available: available, pipeline: pipeline, dualTeacher: dualTeacher)
        return (plan, used)
    }

    /// Solves the allocation network source → program → role → sink with a bypass, with
    /// `supply[p]` graduates per program and `headcount[r]` posts per role on the given edges
    /// (the same edges serve every year of the horizon; only these capacities change).
    func allocate(
        set: CatalogSet, edges: CandidateEdges, supply: [Int32], headcount: [Int32], network: Bool
    ) throws(PlannerError) -> ([Flow], Int64) {
        let programCount = set.programs.count
        let roleCount = set.roles.count
        let source = 0
        let sink = 1
        var net = MinCostFlow(nodeCount: 2 + programCount + roleCount)
        net.reserveArcs(programCount + roleCount + edges.count + 1)
        let scale = Double(policy.scoring.costScale)
        var total: Int64 = 0
        var edgeArcs: [(arc: Int, edge: Int, role: Int32)] = []
        edgeArcs.reserveCapacity(edges.count)
        do {
            var used = [Bool](repeating: false, count: programCount)
            for r in 0..<roleCount { for e in edges.roleStart[r]..<edges.roleStart[r + 1] { used[Int(edges.program[e])] = true } }
            for p in 0..<programCount where used[p] {
                let a = Int64(supply[p])
                guard a > 0 else { continue }
                try net.addArc(from: source, to: 2 + p, capacity: a, cost: 0)
                total += a
            }
            for r in 0..<roleCount {
                let h = Int64(headcount[r])
                try net.addArc(from: 2 + programCount + r, to: sink, capacity: h, cost: 0)
                for e in edges.roleStart[r]..<edges.roleStart[r + 1] {
                    let p = Int(edges.program[e])
                    let cost = -Int64((Double(edges.score[e]) * scale).rounded())
                    let arc = try net.addArc(from: 2 + p, to: 2 + programCount + r, capacity: h, cost: cost)
                    edgeArcs.append((arc, e, Int32(r)))
                }
            }
            try net.addArc(from: source, to: sink, capacity: total, cost: 0)
            try net.setSupply(source, total)
            try net.setSupply(sink, -total)
            if network { onNetwork?(net) }
            let result = try net.solve()
            guard result.status == .optimal else { throw PlannerError.allocationFailed("infeasible network") }
            var flows: [Flow] = []
            for (arc, e, role) in edgeArcs {
                let f = result.flow[arc]
                guard f > 0 else { continue }
                var flow = Flow(program: edges.program[e], role: role, count: Int32(f), score: edges.score[e])
                if e < edges.evidence.count { flow.evidence = edges.evidence[e] }
                flows.append(flow)
            }
            flows.sort { ($0.program, $0.role) < ($1.program, $1.role) }
            return (flows, -result.totalCost)
        } catch let e as PlannerError {
            throw e
        } catch {
            throw PlannerError.allocationFailed("\(error)")
        }
    }
}
