/// The weights of `score(p, r) = levelFit × geo × (α·cos + (1−α)·occ)` and of candidate retrieval.
public struct ScoringPolicy: Sendable, Equatable, Codable {
    /// Weight of the text cosine against the occupation match.
    public var alpha: Double = 0.6
    /// Candidate edges below this score are dropped.
    public var floor: Double = 0.35
    /// Candidate programs kept per role.
    public var topK: Int = 64
    /// A role that gets no candidate at `floor` is searched again down to this score, where a
    /// shared 小类 or 中类 plus the text, or the text alone, suffices (each edge records its
    /// evidence). Equal to `floor` (or above it) turns the second search off.
    public var fallbackFloor: Double = 0.2
    /// Candidate programs kept per role in the second search.
    public var fallbackTopK: Int = 16
    /// `occ` for a shared 细类 occupation.
    public var occUnit: Double = 1.0
    /// `occ` for a shared 小类.
    public var occMinor: Double = 0.6
    /// `occ` for a shared 中类.
    public var occMiddle: Double = 0.3
    /// `geo` when program and role are in the same district.
    public var sameDistrict: Double = 1.0
    /// `geo` when they are in the same city but not the same district (or a district is unknown).
    public var sameCity: Double = 0.9
    /// `geo` when a program's graduates would leave the city (not used within one city's data).
    public var elsewhere: Double = 0.7
    /// Flow costs are `-round(score × costScale)`.
    public var costScale: Int = 10_000
    /// The weights of the terms in the profile and role documents.
    public var documents = DocumentWeights()
    /// levelFit[education][role]: secondary→operator, higher→technician, bachelor→engineer are 1.
    public var levelFit: [[Double]] = [
        [1.0, 0.5, 0.0],
        [0.7, 1.0, 0.6],
        [0.4, 0.8, 1.0],
    ]

    /// The built-in defaults.
    public init() {}

    /// levelFit for a program's education level and a role's level.
    public func levelFit(_ e: EducationLevel, _ r: RoleLevel) -> Double { levelFit[e.index][r.index] }

    /// levelFit of a program for a role: 1 when the program is at the education level the role
    /// asks for, else the matrix entry for the program's level and the role's level.
    public func levelFit(program e: EducationLevel, role r: RoleLevel, asking asked: EducationLevel) -> Double {
        e == asked ? 1 : levelFit[e.index][r.index]
    }
}

/// How much each kind of term weighs in the documents that are vectorised (before TF-IDF): a
/// major's name and terms, its linked occupations' text, a program's own terms, a role's name and
/// its occupation's text. A role's skills carry their own weights from the demand file.
public struct DocumentWeights: Sendable, Equatable, Codable {
    /// A major's name.
    public var majorName: Double = 1.5
    /// A major's course and ability terms.
    public var majorCourse: Double = 1
    /// A major's foundation, certificate and other terms.
    public var majorOther: Double = 0.5
    /// The name of an occupation a major or program is linked to.
    public var linkName: Double = 0.8
    /// The task terms of an occupation a major or program is linked to.
    public var linkTask: Double = 0.2
    /// A program's own terms.
    public var programTerm: Double = 1
    /// A role's name.
    public var roleName: Double = 1
    /// The name of a role's occupation.
    public var roleOccupationName: Double = 1
    /// The task terms of a role's occupation.
    public var roleOccupationTask: Double = 0.4

    /// The built-in defaults.
    public init() {}
}

/// Utilisation bands of the red/yellow/green card.
public struct CardPolicy: Sendable, Equatable, Codable {
    /// Utilisation at or above this is green (expand) when its roles are still short.
    public var greenUtilisation: Double = 0.9
    /// Utilisation at or above this (and below green) is yellow (keep).
    public var yellowUtilisation: Double = 0.6
    /// An employment rate below this makes the card red whatever the utilisation.
    public var redEmploymentBelow: Double = 0.7

    /// The built-in defaults.
    public init() {}
}

/// How far a suggested enrolment may move in one year, and the caps.
public struct BoundsPolicy: Sendable, Equatable, Codable {
    /// At most this share more per year.
    public var expandPerYear: Double = 0.2
    /// At most this share less per year.
    public var shrinkPerYear: Double = 0.2
    /// Students per major (enrolment cap), 0 for none.
    public var studentsPerMajorCap: Int = 0
    /// A program with a lower share of 双师型 teachers may not expand, 0 for none.
    public var dualTeacherFloor: Double = 0
    /// Below this enrolment a shrinking program is proposed to stop, 0 for never.
    public var minimumEnrolment: Int = 0
    /// Where `dualTeacherFloor` is judged: a system target by default, not a gate on each program.
    public var dualTeacherLevel: TargetLevel = .system

    /// The built-in defaults.
    public init() {}
}

/// The level at which a target share (such as 双师型 teachers) is judged.
public enum TargetLevel: String, Sendable, Equatable, Codable, CaseIterable {
    /// Each program on its own: a program below the share may not expand.
    case program
    /// Each college (enrolment-weighted over its programs): a college below it may not expand any program.
    case college
    /// The whole system in scope: reported against the target, no gate on programs.
    case system
}

/// What openings (new majors at colleges) the plan may suggest.
public struct OpeningsPolicy: Sendable, Equatable, Codable {
    /// Whether national-control majors (国家控制专业, codes ending in K) may be suggested.
    public var allowNationalControl: Bool = false
    /// At most this many colleges are suggested for one major.
    public var collegesPerMajor: Int = 3

    /// The defaults: no national-control majors, three colleges per major.
    public init() {}
}

/// Exact comparison of measured values with a policy's decimal thresholds.
///
/// A threshold is a decimal of at most six places (the schema's `fractionDigits`); it is held as
/// an integer count of millionths, so `0.7` is 700000 and a rate written `0.700` is not below it.
/// A measured value is a fraction `numerator / denominator` of integers (a utilisation `35/50`) or
/// a stored rate, which is read back to millionths (the rate's Float keeps 7 significant digits).
public enum Exact {
    /// Millionths in one.
    public static let unit: Int64 = 1_000_000

    /// An integer as people write it, thousands separated by commas: `2311` → `2,311`.
    public static func count<T: BinaryInteger>(_ v: T) -> String {
        let digits = String(v.magnitude)
        var out = v < 0 ? "-" : ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(ch)
        }
        return out
    }

    /// A decimal threshold in millionths (rounded to the nearest; thresholds have ≤ 6 places).
    public static func micros(_ x: Double) -> Int64 {
        guard x.isFinite else { return x > 0 ? Int64.max / 4 : Int64.min / 4 }
        return Int64((x * Double(unit)).rounded())
    }

    /// A stored rate (Float) in millionths, as written in its file (`0.700` → 700000).
    public static func micros(_ x: Float) -> Int64 { micros(Double(x)) }

    /// Whether `numerator / denominator < threshold` (millionths), exactly; false when denominator ≤ 0.
    public static func below(_ numerator: Int64, _ denominator: Int64, _ threshold: Int64) -> Bool {
        guard denominator > 0 else { return false }
        return numerator.multipliedFullWidth(by: unit) < threshold.multipliedFullWidth(by: denominator)
    }

    /// Whether `numerator / denominator > threshold` (millionths), exactly; false when denominator ≤ 0.
    public static func above(_ numerator: Int64, _ denominator: Int64, _ threshold: Int64) -> Bool {
        guard denominator > 0 else { return false }
        return numerator.multipliedFullWidth(by: unit) > threshold.multipliedFullWidth(by: denominator)
    }

    /// A number of millionths as the shortest decimal that writes it (`700000` → `0.7`).
    public static func text(_ micros: Int64) -> String {
        let negative = micros < 0
        let m = negative ? -micros : micros
        var s = String(m / unit)
        let frac = m % unit
        if frac != 0 {
            var digits = String(frac)
            digits = String(repeating: "0", count: 6 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            s += "." + digits
        }
        return negative ? "-" + s : s
    }

    /// A decimal threshold as written (`0.7` → `0.7`, never `0.7000000000000001`).
    public static func text(_ x: Double) -> String { text(micros(x)) }

    /// A share in millionths as a percentage as written (`700000` → `70%`, `695000` → `69.5%`).
    public static func percent(_ micros: Int64) -> String { text(micros * 100) + "%" }

    /// A decimal share as a percentage as written (`0.7` → `70%`).
    public static func percent(_ x: Double) -> String { percent(micros(x)) }
}

/// A named band of the supply/demand ratio; the first band whose `upTo` the ratio does not exceed.
public struct SupplyDemandBand: Sendable, Equatable, Codable {
    /// Machine name, e.g. `undersupply`.
    public var name: String
    /// Label for people, e.g. 供给不足.
    public var label: String
    /// Upper bound (inclusive); nil for the last band.
    public var upTo: Double?

    /// Creates a band.
    public init(name: String, label: String, upTo: Double?) {
        self.name = name
        self.label = label
        self.upTo = upTo
    }
}

/// An indicator that rules test.
public enum Indicator: String, Sendable, Equatable, Codable, CaseIterable {
    case employmentRate, firstChoiceRate, utilisation, enrolment, graduates, enrolmentFill, dualTeacherRatio
    case localRetention, supplyDemandRatio
}

/// `indicator < below` and/or `indicator > above`.
public struct Condition: Sendable, Equatable, Codable {
    /// What is measured.
    public var indicator: Indicator
    /// Holds when the value is below this.
    public var below: Double?
    /// Holds when the value is above this.
    public var above: Double?

    /// Creates a condition.
    public init(indicator: Indicator, below: Double? = nil, above: Double? = nil) {
        self.indicator = indicator
        self.below = below
        self.above = above
    }

    /// Whether `value` meets the condition (a missing value never does), compared in millionths
    /// as `Exact` does, so `0.7` is not below `0.7` whatever binary noise either carries.
    public func holds(_ value: Double?) -> Bool {
        guard let value, !value.isNaN else { return false }
        return holds(Exact.micros(value), Exact.unit)
    }

    /// Whether `numerator / denominator` meets the condition, exactly (a zero denominator never does).
    public func holds(_ numerator: Int64, _ denominator: Int64) -> Bool {
        guard denominator > 0 else { return false }
        if let below, !Exact.below(numerator, denominator, Exact.micros(below)) { return false }
        if let above, !Exact.above(numerator, denominator, Exact.micros(above)) { return false }
        return below != nil || above != nil
    }
}

/// What a rule asks for when it fires.
public enum RuleAction: String, Sendable, Equatable, Codable, CaseIterable {
    case expand, keep, shrink, stop, red, yellow, noExpand
}

/// When a rule fires.
public enum RuleTrigger: Sendable, Equatable, Codable {
    /// The condition held in each of the last `years` years of history.
    case consecutive(Condition, years: Int)
    /// At least `k` of the conditions hold now.
    case anyOf([Condition], k: Int)
    /// The condition holds now.
    case when(Condition)
}

/// An adjustment rule: a trigger, an action, and where the rule comes from.
public struct PolicyRule: Sendable, Equatable, Codable {
    /// Rule id, named in every recommendation it shapes.
    public var id: String
    /// What it asks for.
    public var action: RuleAction
    /// When it fires.
    public var trigger: RuleTrigger
    /// The document it comes from.
    public var source: String?
    /// A one-line reason for people.
    public var reason: String?

    /// Creates a rule.
    public init(id: String, action: RuleAction, trigger: RuleTrigger, source: String? = nil, reason: String? = nil) {
        self.id = id
        self.action = action
        self.trigger = trigger
        self.source = source
        self.reason = reason
    }
}

/// Limits of the consortium pairing.
public struct ConsortiumPolicy: Sendable, Equatable, Codable {
    /// A college joins at most this many consortia (Q).
    public var maxPerCollege: Int = 3
    /// A consortium needs at least this many colleges.
    public var minColleges: Int = 2
    /// A consortium takes at most this many colleges.
    public var maxColleges: Int = 8

    /// The built-in defaults.
    public init() {}
}

/// An adjustment policy: scoring weights, card bands, bounds, rules, consortium limits.
public struct Policy: Sendable, Equatable, Codable {
    /// Policy id.
    public var id: String
    /// Name.
    public var name: String
    /// Scoring weights.
    public var scoring = ScoringPolicy()
    /// Card bands.
    public var cards = CardPolicy()
    /// Enrolment bounds.
    public var bounds = BoundsPolicy()
    /// Supply/demand bands, lowest first.
    public var supplyDemand: [SupplyDemandBand] = Policy.defaultBands
    /// Rules, in file order.
    public var rules: [PolicyRule] = []
    /// Consortium limits.
    public var consortia = ConsortiumPolicy()
    /// What openings may be suggested.
    public var openings = OpeningsPolicy()
    /// The multi-year pipeline: stages per level, horizon, sensitivity step.
    public var pipeline = PipelinePolicy()
    /// Where it is defined, nil for the built-in default.
    public var source: SourceRef?

    /// A policy with the built-in defaults.
    public init(id: String = "builtin", name: String = "built-in defaults") {
        self.id = id
        self.name = name
    }

    /// The default bands: ≤0.59 undersupply, 0.60–0.90 slight, 0.91–1.20 balanced, 1.21–1.49 slight over, ≥1.5 over.
    public static let defaultBands: [SupplyDemandBand] = [
        SupplyDemandBand(name: "undersupply", label: "供给不足", upTo: 0.595),
        SupplyDemandBand(name: "slightUndersupply", label: "供给略缺", upTo: 0.905),
        SupplyDemandBand(name: "balanced", label: "供需平衡", upTo: 1.205),
        SupplyDemandBand(name: "slightOversupply", label: "供给略余", upTo: 1.495),
        SupplyDemandBand(name: "oversupply", label: "供给过剩", upTo: nil),
    ]

    /// The band of `supply / demand`, compared exactly with each band's `upTo`; the last band when
    /// demand is 0 (an infinite ratio).
    public func band(supply: Int, demand: Int) -> SupplyDemandBand {
        for b in supplyDemand {
            guard let up = b.upTo else { return b }
            if demand > 0 && !Exact.above(Int64(supply), Int64(demand), Exact.micros(up)) { return b }
        }
        return supplyDemand.last ?? SupplyDemandBand(name: "unbanded", label: "未分档", upTo: nil)
    }

    /// The band of a supply/demand ratio.
    public func band(ofRatio ratio: Double) -> SupplyDemandBand {
        for b in supplyDemand {
            if let up = b.upTo, ratio <= up { return b }
            if b.upTo == nil { return b }
        }
        return supplyDemand.last ?? SupplyDemandBand(name: "unbanded", label: "未分档", upTo: nil)
    }
}

extension TargetLevel {
    /// The level's name in Chinese, for evidence read by people.
    public var chinese: String {
        switch self {
        case .program: "专业点"
        case .college: "学校"
        case .system: "全市"
        }
    }
}

extension Indicator {
    /// The indicator's name in Chinese, for evidence read by people.
    public var chinese: String {
        switch self {
        case .employmentRate: "就业率"
        case .firstChoiceRate: "第一志愿报考率"
        case .utilisation: "毕业生利用率"
        case .enrolment: "招生人数"
        case .graduates: "毕业生人数"
        case .enrolmentFill: "招生计划完成率"
        case .dualTeacherRatio: "双师型教师比例"
        case .localRetention: "留渝率"
        case .supplyDemandRatio: "供需比"
        }
    }
}

/// One education level's stage in the enrolment pipeline: how long it takes, how many leave
/// before graduating, how many graduates continue to the next level (升学) instead of working.
public struct PipelineStage: Sendable, Equatable, Codable {
    /// Years of study (中职 3, 高职专科 3, 职业本科 4).
    public var years: Int
    /// Share of an intake that leaves before graduating (spread evenly over the years of study).
    public var dropout: Double
    /// Share of graduates who continue to the next level (中职 → 高职专科 → 职业本科).
    public var furtherStudy: Double
    /// Where the shares come from (a public document, or a note that they are illustrative).
    public var source: String?
    /// Whether the shares are made up for illustration (not verified against a source).
    public var illustrative: Bool

    /// Creates a stage.
    public init(years: Int, dropout: Double = 0, furtherStudy: Double = 0, source: String? = nil, illustrative: Bool = false) {
        self.years = years
        self.dropout = dropout
        self.furtherStudy = furtherStudy
        self.source = source
        self.illustrative = illustrative
    }
}

/// The multi-year model: stages per level, the plan's horizon, and the sensitivity step.
public struct PipelinePolicy: Sendable, Equatable, Codable {
    /// Stages indexed by `EducationLevel.index`: secondary, higher, bachelor.
    public var stages: [PipelineStage] = [PipelineStage(years: 3), PipelineStage(years: 3), PipelineStage(years: 4)]
    /// Graduation years planned beyond this one (0: the one-year plan only), at most `maxHorizon`.
    public var horizon: Int = 0
    /// The longest horizon a policy or `plan --horizon` may ask for (the schema's maximum).
    public static let maxHorizon = 20
    /// The base year (this year's intake); nil: the year after the latest year of history in the inputs.
    public var baseYear: Int? = nil
    /// How far each card threshold is moved to test whether a card is robust (0: no test).
    public var sensitivity: Double = 0
    /// Where the pipeline figures come from, as a whole.
    public var source: String? = nil

    /// The built-in defaults: 3/3/4 years, no dropout, no further study, no horizon.
    public init() {}

    /// The stage of `level`.
    public func stage(_ level: EducationLevel) -> PipelineStage { stages[level.index] }
}
