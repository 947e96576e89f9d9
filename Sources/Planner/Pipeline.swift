public import Catalog

/// One level's flows in one year: graduates, those continuing to the next level, the rest.
public struct LevelFlow: Sendable, Equatable {
    /// The education level.
    public var level: EducationLevel
    /// Graduates of the level that year.
    public var graduates: Int
    /// Of them, continuing to the next level (升学): supply of the next level's intake that year.
    public var furtherStudy: Int
    /// Of them, entering the labour market (`graduates − furtherStudy`).
    public var labourMarket: Int
    /// Of those, available to local demand (× each program's local retention).
    public var available: Int
    /// Continuing graduates of the level below who enter this level that year.
    public var fromBelow: Int
}

/// Labour-market graduates against demand in one cluster in one year.
public struct HorizonCluster: Sendable, Equatable {
    /// Cluster id.
    public var key: String
    /// Name.
    public var name: String
    /// Graduates attributed (placed + unplaced, the idle split as in this year's balances).
    public var supply: Int
    /// Projected headcount.
    public var demand: Int
    /// Placed.
    public var placed: Int
    /// Unfilled headcount.
    public var unfilled: Int
}

/// One graduation year of the horizon.
public struct HorizonYear: Sendable, Equatable {
    /// Years after the base year (1 … horizon).
    public var offset: Int
    /// Calendar year, when the base year is known.
    public var year: Int?
    /// Flows by level (secondary, higher, bachelor).
    public var levels: [LevelFlow]
    /// Labour-market graduates available to local demand.
    public var available: Int
    /// Projected headcount.
    public var demand: Int
    /// Placed by that year's allocation.
    public var placed: Int
    /// Available graduates of programs with no candidate role (counted under no cluster).
    public var unplacedNoDemand: Int
    /// By cluster, in the order of this year's balances.
    public var clusters: [HorizonCluster]
    /// Σ count × score of that year's allocation, four decimals.
    public var totalScore: Double
}

/// Students in school this year by level and year of study.
public struct LevelCohorts: Sendable, Equatable {
    /// The education level.
    public var level: EducationLevel
    /// Years of study.
    public var years: Int
    /// Students by year of study (first year first).
    public var students: [Int]
    /// Programs of the level.
    public var programs: Int
    /// Intakes estimated for want of history (summed over programs).
    public var estimatedIntakes: Int
}

/// The multi-year plan: cohorts in school, and each coming graduation year's allocation.
public struct PipelinePlan: Sendable, Equatable {
    /// The base year (this year's intake), when known.
    public var baseYear: Int?
    /// Graduation years planned beyond this one.
    public var horizon: Int
    /// Students in school by level.
    public var cohorts: [LevelCohorts]
    /// This year's flows by level (from the programs' `graduates`).
    public var baseLevels: [LevelFlow]
    /// Years 1 … horizon.
    public var years: [HorizonYear]
    /// The stages used (indexed by level).
    public var stages: [PipelineStage]

    /// A year's label for people: `2027年`, or `第1年` when the base year is unknown.
    public func label(_ offset: Int) -> String {
        Self.yearLabel(offset: offset, year: baseYear.map { $0 + offset })
    }

    /// The one label of a year `offset` years after the base year: `2027年` when its calendar
    /// `year` is known, else `第1年` (`本年` for offset 0); `spaced` writes `2027 年` / `第 1 年`, as
    /// the advice's sentences do.
    public static func yearLabel(offset: Int, year: Int?, spaced: Bool = false) -> String {
        let s = spaced ? " " : ""
        if let year { return "\(year)\(s)年" }
        return offset == 0 ? "本年" : "第\(s)\(offset)\(s)年"
    }
}

/// Whether a card survives when the policy's thresholds move by the policy's step.
public struct CardSensitivity: Sendable, Equatable {
    /// True when no single move of a threshold by ±step changes the card.
    public var robust: Bool
    /// The moves that change it, in words (e.g. `就业率红线 0.7→0.75：红牌`).
    public var flips: [String]

    /// 稳健 / 临界.
    public var chinese: String { robust ? "稳健" : "临界" }
    /// `robust` / `borderline`, as plan.json and programs.csv write it.
    public var label: String { robust ? "robust" : "borderline" }
}
