public import Catalog

/// The red/yellow/green card of a program.
public enum Card: String, Sendable, Codable, CaseIterable, Comparable {
    /// Its graduates are all placed and its roles still short: expand.
    case green
    /// Keep, and close the curriculum gaps.
    case yellow
    /// Low employment (or a policy rule): shrink or stop.
    case red

    /// 红牌 / 黄牌 / 绿牌.
    public var chinese: String {
        switch self {
        case .green: "绿牌"
        case .yellow: "黄牌"
        case .red: "红牌"
        }
    }

    var rank: Int {
        switch self {
        case .green: 0
        case .yellow: 1
        case .red: 2
        }
    }

    public static func < (a: Card, b: Card) -> Bool { a.rank < b.rank }
}

/// What the plan suggests for a program's enrolment.
public enum Adjustment: String, Sendable, Codable {
    case expand, keep, shrink, stop

    /// 扩招 / 保持 / 缩减 / 停招.
    public var chinese: String {
        switch self {
        case .expand: "扩招"
        case .keep: "保持"
        case .shrink: "缩减"
        case .stop: "停招"
        }
    }
}

/// One allocated flow: `count` graduates of a program go to a role at a score.
public struct Flow: Sendable, Equatable {
    /// Program index in the catalog set.
    public var program: Int32
    /// Role index in the catalog set.
    public var role: Int32
    /// Graduates allocated.
    public var count: Int32
    /// The edge's score in [0, 1].
    public var score: Float
    /// What links the program to the role (exact occupation, same 小类/中类, or text only).
    public var evidence: LinkEvidence = .textOnly
}

/// A rule that fired for a program, with the numbers it saw.
public struct FiredRule: Sendable, Equatable {
    /// Rule id (a policy rule's, or a built-in one such as `card.red.utilisation`).
    public var id: String
    /// What it asked for.
    public var action: String
    /// The evidence, e.g. `employmentRate 0.55, 0.58 < 0.6 for 2 years`.
    public var evidence: String
    /// The policy document that the rule comes from.
    public var source: String?
}

/// The advice for one program.
public struct ProgramAdvice: Sendable, Equatable {
    /// Program index in the catalog set.
    public var program: Int32
    /// Graduates available to local demand (graduates × local retention).
    public var available: Int32
    /// Graduates allocated to roles.
    public var allocated: Int32
    /// allocated / available (0 when nothing is available).
    public var utilisation: Double
    /// The card.
    public var card: Card
    /// Expand, keep, shrink or stop.
    public var adjustment: Adjustment
    /// Suggested enrolment for next year.
    public var suggestedEnrolment: Int32
    /// Lowest enrolment the policy allows next year.
    public var lowerBound: Int32
    /// Highest enrolment the policy allows next year.
    public var upperBound: Int32
    /// Unmet headcount of the roles this program serves or could serve.
    public var shortfallOfItsRoles: Int
    /// This program's share of that unmet headcount: each short role's unmet split among its
    /// candidate programs by their available graduates (the shares of one role add up to its unmet).
    public var demandShare: Int = 0
    /// The gap the suggested change is derived from, in words (e.g. 对口岗位缺口份额 12 人).
    public var basis: String = ""
    /// When two signals disagree (low past employment, unmet demand): what they say, in words.
    public var conflict: String? = nil
    /// For `stop`: the enrolment of each coming year down to 0 (逐年缩减); empty otherwise.
    public var schedule: [Int32] = []
    /// Heavy terms of its matched roles that its curriculum lacks (term ids), heaviest first.
    public var gaps: [Int32]
    /// Rules that fired, in evaluation order.
    public var rules: [FiredRule]
    /// One line for people.
    public var reason: String
    /// The year (offset from this year) whose allocation the demand signals were read in: the year
    /// the next intake graduates, within the horizon; 0 for the one-year plan.
    public var signalYear: Int = 0
    /// Whether the card holds when the policy's thresholds move (nil when not tested).
    public var sensitivity: CardSensitivity? = nil
}

/// The supply/demand balance of a cluster or a major.
public struct Balance: Sendable, Equatable {
    /// Cluster id or major code.
    public var key: String
    /// Name.
    public var name: String
    /// Graduates attributed: `allocated + unplaced` for a cluster.
    public var supply: Int
    /// Headcount attributed: `allocated + unfilled` for a cluster.
    public var demand: Int
    /// Graduates allocated.
    public var allocated: Int
    /// Unplaced graduates attributed (a cluster: programs' idle graduates split by their candidate roles' clusters).
    public var unplaced: Int = 0
    /// Unfilled headcount (a cluster: its roles' unmet).
    public var unfilled: Int = 0
    /// supply / demand (infinity when demand is 0).
    public var ratio: Double
    /// The policy's band of the ratio.
    public var band: String
    /// The band's label.
    public var bandLabel: String
}

/// A major worth opening at a college, for unmet roles.
public struct Opening: Sendable, Equatable {
    /// Major index in the catalog set.
    public var major: Int32
    /// College index in the catalog set.
    public var college: Int32
    /// This college's share of the major's unmet headcount (the shares of one major add up to `majorUnmet`).
    public var unmet: Int
    /// Unmet headcount of the roles assigned to this major (each role to one major only).
    public var majorUnmet: Int = 0
    /// Colleges in scope that already offer the major.
    public var offeredBy: Int = 0
    /// The roles (indices), most unmet first.
    public var roles: [Int32]
    /// The major's score for those roles (the best).
    public var score: Float
    /// The college's majors of the same 专业类 (indices).
    public var sameClassMajors: [Int32]
    /// Whether the college is in the district of the roles.
    public var sameDistrict: Bool
    /// One line for people.
    public var reason: String
}

/// The kind of a consortium's anchor.
public enum AnchorKind: String, Sendable, Codable {
    /// 行业产教融合共同体: one cluster, city-wide.
    case cluster
    /// 市域产教联合体: one district or park, across clusters.
    case district
}

/// A consortium: an anchor and the colleges that serve it.
public struct Consortium: Sendable, Equatable {
    /// Cluster or district.
    public var kind: AnchorKind
    /// Cluster id or district name.
    public var anchor: String
    /// Display name.
    public var name: String
    /// Member colleges (indices), by weight.
    public var colleges: [Int32]
    /// Σ weight of the members (flow × score).
    public var weight: Double
    /// The member with the most weight (nil when there is none).
    public var leadCollege: Int32? = nil
    /// The demand submitter whose roles of this anchor took the most (flow × score, then headcount).
    public var leadEnterprise: String? = nil
    /// Members in the anchor's own district (district anchors; 0 for clusters).
    public var localMembers: Int = 0
    /// Fewer members than the policy's minimum (kept, and flagged, rather than dropped).
    public var belowMinimum: Bool = false
    /// Why a district consortium reaches beyond its district, or other remarks (nil when none).
    public var note: String? = nil
}

/// The consortium pairing: optimal b-matching and stable matching side by side.
public struct ConsortiumPlan: Sendable, Equatable {
    /// The optimal b-matching.
    public var optimal: [Consortium]
    /// The college-proposing deferred acceptance.
    public var stable: [Consortium]
    /// Total weight of the optimal pairing.
    public var optimalWeight: Double
    /// Total weight of the stable pairing.
    public var stableWeight: Double
    /// (college, anchor) pairs in the optimal pairing only.
    public var onlyOptimal: [(college: Int32, anchor: String)]
    /// (college, anchor) pairs in the stable pairing only.
    public var onlyStable: [(college: Int32, anchor: String)]
    /// Whether some consortium has fewer members than the policy's minimum.
    public var relaxedMinimum: Bool
    /// Why the two totals differ, in words.
    public var explanation: String = ""

    public static func == (a: ConsortiumPlan, b: ConsortiumPlan) -> Bool {
        a.optimal == b.optimal && a.stable == b.stable && a.optimalWeight == b.optimalWeight
            && a.stableWeight == b.stableWeight && a.onlyOptimal.map(\.college) == b.onlyOptimal.map(\.college)
            && a.onlyOptimal.map(\.anchor) == b.onlyOptimal.map(\.anchor)
            && a.onlyStable.map(\.college) == b.onlyStable.map(\.college)
            && a.onlyStable.map(\.anchor) == b.onlyStable.map(\.anchor) && a.relaxedMinimum == b.relaxedMinimum
            && a.explanation == b.explanation
    }
}

/// Why a role's headcount is (partly) unfilled.
public enum UnservedReason: String, Sendable, Codable, CaseIterable {
    /// Every program that scores above the floor for it is already fully placed.
    case allCandidatesFull
    /// No catalog major at the role's education level is linked to its occupation (or it has none).
    case noLinkedMajor
    /// Linked majors exist at its level, but no college in scope teaches one.
    case linkedMajorsNotTaught
    /// Linked majors are taught only outside the role's district, and score below the floor there.
    case linkedMajorsTaughtElsewhereOnly
    /// Linked majors are taught in its district, but score below the floor against its skills.
    case belowFloor

    /// The reason in Chinese.
    public var chinese: String {
        switch self {
        case .allCandidatesFull: "可匹配专业点毕业生已全部分配"
        case .noLinkedMajor: "目录中无该层次对口专业"
        case .linkedMajorsNotTaught: "对口专业在范围内无院校开设"
        case .linkedMajorsTaughtElsewhereOnly: "对口专业仅在其他区县开设，且匹配分低于下限"
        case .belowFloor: "本区县开设的对口专业匹配分低于下限"
        }
    }
}

/// A role with unfilled headcount, and why.
public struct UnservedRole: Sendable, Equatable {
    /// Role index in the catalog set.
    public var role: Int32
    /// Unfilled headcount.
    public var unmet: Int
    /// Why.
    public var reason: UnservedReason
    /// Linked majors (indices) at its level that bear on the reason, at most five.
    public var linkedMajors: [Int32]
}

/// The accounting identities of a plan: every graduate and every post counted once.
public struct Accounts: Sendable, Equatable {
    /// Graduates available to local demand.
    public var available: Int
    /// Placed: Σ flows.
    public var placed: Int
    /// Unplaced: `available − placed`.
    public var unplaced: Int
    /// Unplaced graduates of programs that match no submitted role (counted under no cluster).
    public var unplacedNoDemand: Int
    /// Total submitted headcount.
    public var demand: Int
    /// Filled: Σ flows (equals `placed`).
    public var filled: Int
    /// Unfilled: `demand − filled`.
    public var unfilled: Int
    /// Unfilled headcount by reason, in `UnservedReason` order.
    public var unfilledByReason: [(reason: UnservedReason, headcount: Int)]

    public static func == (a: Accounts, b: Accounts) -> Bool {
        a.available == b.available && a.placed == b.placed && a.unplaced == b.unplaced
            && a.unplacedNoDemand == b.unplacedNoDemand && a.demand == b.demand && a.filled == b.filled
            && a.unfilled == b.unfilled && a.unfilledByReason.map(\.headcount) == b.unfilledByReason.map(\.headcount)
    }
}

/// The 双师型 share judged at the level the policy sets.
public struct DualTeacherCheck: Sendable, Equatable {
    /// Program, college or system.
    public var level: TargetLevel
    /// The policy's share (millionths), 0 when there is none.
    public var targetMicros: Int64
    /// The system's enrolment-weighted share (millionths), nil when no program reports one.
    public var systemMicros: Int64?
    /// Programs that report a share.
    public var programsWithData: Int
    /// Colleges whose enrolment-weighted share is below the target.
    public var collegesBelow: Int
    /// Programs kept from expanding by the gate (0 at system level).
    public var programsGated: Int
}

/// What one allocation gives each program and each role, and its Σ count × score.
struct FlowTotals {
    /// Graduates placed, per program.
    var allocated: [Int32]
    /// Posts filled, per role.
    var filled: [Int32]
    /// Σ count × score, summed in flow order.
    var score: Double

    init(_ flows: [Flow], programs: Int, roles: Int) {
        allocated = [Int32](repeating: 0, count: programs)
        filled = [Int32](repeating: 0, count: roles)
        score = 0
        for f in flows {
            allocated[Int(f.program)] += f.count
            filled[Int(f.role)] += f.count
            score += Double(f.count) * Double(f.score)
        }
    }
}

/// One year's allocation over a catalog set, before any advice: what the advisor, the horizon
/// and the pairing read. `Plan` is built from it once every step has run.
struct Allocation: Sendable {
    /// The inputs.
    var set: CatalogSet
    /// The policy used (`var`: the sensitivity test advises under moved policies).
    var policy: Policy
    /// The allocation, sorted by program then role.
    var flows: [Flow]
    /// Unmet headcount per role.
    var unmet: [Int32]
    /// Idle graduates per program.
    var idle: [Int32]
    /// This year's labour-market graduates available to local demand, per program.
    var available: [Int32]
}

/// Everything the plan computed, over one catalog set.
public struct Plan: Sendable {
    /// The inputs.
    public var set: CatalogSet
    /// The policy used.
    public var policy: Policy
    /// Candidate edges considered.
    public var candidateEdges: Int
    /// Roles that no program scores above the floor for (they can only go unmet or to openings).
    public var rolesWithoutCandidates: Int
    /// Candidate edges by evidence, in `LinkEvidence.allCases` order (empty when not counted).
    public var candidateEdgesByEvidence: [Int]
    /// The allocation, sorted by program then role.
    public var flows: [Flow]
    /// Σ count × score.
    public var totalScore: Double
    /// The solver's integer objective (−cost).
    public var objective: Int64
    /// Unmet headcount per role (indexed like `set.roles`).
    public var unmet: [Int32]
    /// Idle graduates per program (indexed like `set.programs`).
    public var idle: [Int32]
    /// Advice per program (indexed like `set.programs`).
    public var programs: [ProgramAdvice]
    /// Balance per cluster that has demand, by cluster order.
    public var clusters: [Balance]
    /// Balance per major that has supply or demand, by code.
    public var majors: [Balance]
    /// Majors worth opening.
    public var openings: [Opening]
    /// Consortia.
    public var consortia: ConsortiumPlan
    /// The accounting identities.
    public var accounts: Accounts
    /// Every role with unfilled headcount, in role order.
    public var unservedRoles: [UnservedRole]
    /// This year's labour-market graduates available to local demand, per program (graduates
    /// less those continuing to the next level, × local retention).
    public var available: [Int32]
    /// The multi-year plan (nil when the horizon is 0).
    public var pipeline: PipelinePlan?
    /// The 双师型 check.
    public var dualTeacher: DualTeacherCheck
}
