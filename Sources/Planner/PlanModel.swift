public import Catalog

/// The red/yellow/green card of a program.
public enum Card: String, Sendable, Codable, CaseIterable, Comparable {
    /// Utilisation high and its roles still short: expand.
    case green
    /// Keep, and close the curriculum gaps.
    case yellow
    /// Low utilisation or low employment: shrink.
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
    /// Heavy terms of its matched roles that its curriculum lacks (term ids), heaviest first.
    public var gaps: [Int32]
    /// Rules that fired, in evaluation order.
    public var rules: [FiredRule]
    /// One line for people.
    public var reason: String
}

/// The supply/demand balance of a cluster or a major.
public struct Balance: Sendable, Equatable {
    /// Cluster id or major code.
    public var key: String
    /// Name.
    public var name: String
    /// Graduates attributed.
    public var supply: Int
    /// Headcount attributed.
    public var demand: Int
    /// Graduates allocated.
    public var allocated: Int
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
    /// Unmet headcount of the roles it would serve (a sum over roles: `Int`, which cannot overflow).
    public var unmet: Int
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
    /// Whether the minimum size had to be relaxed (some anchor lacked candidates).
    public var relaxedMinimum: Bool

    public static func == (a: ConsortiumPlan, b: ConsortiumPlan) -> Bool {
        a.optimal == b.optimal && a.stable == b.stable && a.optimalWeight == b.optimalWeight
            && a.stableWeight == b.stableWeight && a.onlyOptimal.map(\.college) == b.onlyOptimal.map(\.college)
            && a.onlyOptimal.map(\.anchor) == b.onlyOptimal.map(\.anchor)
            && a.onlyStable.map(\.college) == b.onlyStable.map(\.college)
            && a.onlyStable.map(\.anchor) == b.onlyStable.map(\.anchor) && a.relaxedMinimum == b.relaxedMinimum
    }
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
    public var rolesWithoutCandidates: Int = 0
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
}
