import Catalog
import Dispatch
import Foundation
import Parallel
public import Planner

/// What a report covers: the whole city, or one college (`chanjiao review --college ID`).
public enum ReportScope: Sendable, Equatable {
    /// Every college, program, opening and consortium of the plan.
    case city
    /// One college (its index in `CatalogSet.colleges`): its programs, openings and consortia.
    case college(Int32)
}

/// Why a report could not be made.
public enum ReportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No college has this id.
    case unknownCollege(String)

    /// A one-line message.
    public var description: String {
        switch self {
        case .unknownCollege(let id): "no college with id \(id) in the inputs"
        }
    }
}

/// One output file: its name in the output directory and its bytes.
public struct ReportFile: Sendable, Equatable {
    /// File name, e.g. `plan.json`.
    public var name: String
    /// The file's bytes (UTF-8; the CSV files start with a byte order mark).
    public var bytes: [UInt8]

    /// Creates a file.
    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }
}

/// Turns a `Plan` into the bytes of each output file, deterministically: the same plan gives
/// byte-identical files (fixed key order, fixed decimals, no dates, no locale).
public struct PlanReport: Sendable {
    /// The plan reported on.
    public let plan: Plan
    /// What the report covers.
    public let scope: ReportScope
    /// Programs in scope (indices into `plan.set.programs`), ascending.
    let programIndices: [Int]
    /// Flows in scope (indices into `plan.flows`), in the plan's order.
    let flowIndices: [Int]
    /// Openings in scope (indices into `plan.openings`), in the plan's order.
    let openingIndices: [Int]
    /// Optimal consortia in scope.
    let optimal: [Consortium]
    /// Stable consortia in scope.
    let stable: [Consortium]
    /// Pairs in the optimal pairing only, in scope.
    let onlyOptimal: [(college: Int32, anchor: String)]
    /// Pairs in the stable pairing only, in scope.
    let onlyStable: [(college: Int32, anchor: String)]
    /// Roles with unmet headcount in scope, ascending.
    let unmetRoles: [Int]
    /// The plan's inputs (the same storage as `plan.set`).
    let catalog: CatalogSet
    /// The advice of the programs in scope, ascending by program.
    let advices: [ProgramAdvice]
    /// A second plan to report beside this one (`plan --scenario`): a section of report.html and compare files.
    public var comparison: ScenarioComparison? = nil

    /// The city-wide report.
    public init(plan: Plan) {
        self.init(plan: plan, scope: .city)
    }

    /// A report over `scope`.
    public init(plan: Plan, scope: ReportScope) {
        self.plan = plan
        self.scope = scope
        self.catalog = plan.set
        switch scope {
        case .city:
            programIndices = Array(plan.set.programs.indices)
            flowIndices = Array(plan.flows.indices)
            openingIndices = Array(plan.openings.indices)
            optimal = plan.consortia.optimal
            stable = plan.consortia.stable
            onlyOptimal = plan.consortia.onlyOptimal
            onlyStable = plan.consortia.onlyStable
            unmetRoles = plan.unmet.indices.filter { plan.unmet[$0] > 0 }
        case .college(let c):
            programIndices = plan.set.programs.indices.filter { plan.set.programs[$0].college == c }
            let inScope = Set(programIndices.map(Int32.init))
            flowIndices = plan.flows.indices.filter { inScope.contains(plan.flows[$0].program) }
            openingIndices = plan.openings.indices.filter { plan.openings[$0].college == c }
            optimal = plan.consortia.optimal.filter { $0.colleges.contains(c) }
            stable = plan.consortia.stable.filter { $0.colleges.contains(c) }
            onlyOptimal = plan.consortia.onlyOptimal.filter { $0.college == c }
            onlyStable = plan.consortia.onlyStable.filter { $0.college == c }
            // The unmet roles the college touches: those it serves and those its openings target.
            var touched = Set(flowIndices.map { Int(plan.flows[$0].role) })
            for o in openingIndices { touched.formUnion(plan.openings[o].roles.map(Int.init)) }
            unmetRoles = touched.filter { plan.unmet.indices.contains($0) && plan.unmet[$0] > 0 }.sorted()
        }
        advices = programIndices.compactMap { plan.programs.indices.contains($0) ? plan.programs[$0] : nil }
    }

    /// The report restricted to one college, by id (`chanjiao review --college ID`).
    public static func review(plan: Plan, college id: String) throws(ReportError) -> PlanReport {
        guard let c = plan.set.collegeIndex[id] ?? plan.set.colleges.firstIndex(where: { $0.id == id }).map(Int32.init) else {
            throw .unknownCollege(id)
        }
        return PlanReport(plan: plan, scope: .college(c))
    }

    /// The names of the files `files()` returns, in that order.
    public static let fileNames = [
        "plan.json", "programs.csv", "openings.csv", "consortia.csv", "report.md", "report.html", "unserved.csv",
        "matches.csv",
    ]

    /// Every output file, in the order of `fileNames`, then city-wide `pipeline.csv` (with a
    /// horizon) and `compare.json`, `compare.csv` (with a scenario; the comparison is a section of
    /// report.html, not a page of its own), all rendered concurrently (each file is independent,
    /// so the bytes do not depend on the scheduling).
    public func files() -> [ReportFile] {
        var names = Self.fileNames
        var renderers: [@Sendable (PlanReport) -> [UInt8]] = [
            { $0.planJSON() }, { $0.programsCSV() }, { $0.openingsCSV() }, { $0.consortiaCSV() },
            { $0.markdown() }, { $0.html() }, { $0.unservedCSV() },
            { $0.matchesCSV() },
        ]
        if scopeCollege == nil && plan.pipeline != nil {
            names.append("pipeline.csv")
            renderers.append { $0.pipelineCSV() }
        }
        if scopeCollege == nil, let c = comparison {
            names += ["compare.json", "compare.csv"]
            renderers += [{ _ in c.json() }, { _ in c.csv() }]
        }
        let slots = Slots<[UInt8]>(count: renderers.count)
        let report = self
        let all = renderers
        DispatchQueue.concurrentPerform(iterations: all.count) { i in slots.set(i, all[i](report)) }
        return names.indices.map { ReportFile(name: names[$0], bytes: slots.get($0)) }
    }

    // MARK: Look-ups that tolerate bad indices (a report never traps on a malformed plan).

    /// The college in scope, if the report is a review.
    var scopeCollege: Int32? {
        if case .college(let c) = scope { return c }
        return nil
    }

    func college(_ i: Int32) -> College? {
        catalog.colleges.indices.contains(Int(i)) ? catalog.colleges[Int(i)] : nil
    }

    func collegeID(_ i: Int32) -> String { college(i)?.id ?? "?" }
    func collegeName(_ i: Int32) -> String { college(i)?.name ?? "?" }

    func program(_ i: Int32) -> Program? {
        catalog.programs.indices.contains(Int(i)) ? catalog.programs[Int(i)] : nil
    }

    func major(_ i: Int32) -> Major? {
        catalog.majors.indices.contains(Int(i)) ? catalog.majors[Int(i)] : nil
    }

    func majorOf(program p: Program) -> Major? { major(p.major) }

    func majorName(ofProgram p: Program) -> String { majorOf(program: p)?.name ?? "" }

    /// 专业类 name of a program's major, or its code prefix when the major is unknown.
    func majorClass(ofProgram p: Program) -> String {
        if let m = majorOf(program: p) { return m.className }
        return "未知专业类"
    }

    func role(_ i: Int32) -> Role? {
        catalog.roles.indices.contains(Int(i)) ? catalog.roles[Int(i)] : nil
    }

    func submission(ofRole r: Role) -> DemandSubmission? {
        catalog.demands.indices.contains(Int(r.submission)) ? catalog.demands[Int(r.submission)] : nil
    }

    /// `submissionId/roleId`.
    func roleRef(_ i: Int32) -> String {
        guard let r = role(i) else { return "?" }
        return "\(submission(ofRole: r)?.id ?? "?")/\(r.id)"
    }

    /// Cluster id of a role's submission.
    func roleCluster(_ i: Int32) -> String {
        guard let r = role(i) else { return "?" }
        return submission(ofRole: r)?.cluster ?? "?"
    }

    func clusterName(_ id: String) -> String {
        if let i = catalog.clusterIndex[id], catalog.clusters.indices.contains(Int(i)) { return catalog.clusters[Int(i)].name }
        return catalog.clusters.first { $0.id == id }?.name ?? id
    }

    func term(_ id: Int32) -> String {
        id >= 0 && Int(id) < catalog.terms.count ? catalog.terms[id] : "?"
    }

    func advice(_ p: Int) -> ProgramAdvice? {
        plan.programs.indices.contains(p) ? plan.programs[p] : nil
    }

    /// Σ count × score over the flows in scope.
    var scopeTotalScore: Double {
        if scopeCollege == nil { return plan.totalScore }
        return flowIndices.reduce(0.0) { $0 + Double(plan.flows[$1].count) * Double(plan.flows[$1].score) }
    }

    /// Idle graduates of the programs in scope.
    var scopeIdle: Int {
        programIndices.reduce(0) { $0 + (plan.idle.indices.contains($1) ? Int(plan.idle[$1]) : 0) }
    }

    /// The unserved roles in scope (all of them city-wide; in a review, those of `unmetRoles`).
    var unservedInScope: [UnservedRole] {
        if scopeCollege == nil { return plan.unservedRoles }
        let keep = Set(unmetRoles.map(Int32.init))
        return plan.unservedRoles.filter { keep.contains($0.role) }
    }

    /// Unmet headcount of the roles in scope.
    var scopeUnmet: Int { unmetRoles.reduce(0) { $0 + Int(plan.unmet[$1]) } }

    /// Input files that say their figures are illustrative, plus whether any college or demand
    /// in scope is flagged illustrative.
    var illustrativeFiles: [String] {
        catalog.files.indices.filter { catalog.fileIllustrative.indices.contains($0) && catalog.fileIllustrative[$0] }
            .map { catalog.files[$0] }
    }

    var illustrativeColleges: Int {
        if let c = scopeCollege { return college(c)?.illustrative == true ? 1 : 0 }
        return catalog.colleges.filter(\.illustrative).count
    }

    var illustrativeDemands: Int { catalog.demands.filter(\.illustrative).count }

    /// Programs in scope with `card`, in the order the report lists them: green by shortfall of its
    /// roles (largest first), yellow and red by utilisation (lowest first); ties by program index.
    func ranked(_ card: Card) -> [ProgramAdvice] {
        let xs = advices.filter { $0.card == card }
        return xs.sorted { a, b in
            switch card {
            case .green:
                if a.shortfallOfItsRoles != b.shortfallOfItsRoles { return a.shortfallOfItsRoles > b.shortfallOfItsRoles }
                if a.utilisation != b.utilisation { return a.utilisation > b.utilisation }
            case .yellow, .red:
                if a.utilisation != b.utilisation { return a.utilisation < b.utilisation }
                if a.available != b.available { return a.available > b.available }
            }
            return a.program < b.program
        }
    }

    /// Reasons of a program: the one-line reason, then one line per rule.
    func reasons(_ a: ProgramAdvice) -> [String] {
        [a.reason] + a.rules.map(ruleLine) + sensitivityLines(a)
    }
}
