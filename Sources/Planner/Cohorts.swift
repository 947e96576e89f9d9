public import Catalog

/// The students of one program by year of study, and its graduates in each coming year.
///
/// Year offsets count from the base year (this year's intake, offset 0): the graduates of offset
/// `t` entered at offset `t − years`. Intakes at offsets ≤ 0 come from the program's history
/// (`<year enrolment>`; offset 0 is its `enrolment`); a missing year takes the nearest known year's
/// intake (the later one on a tie). Intakes after the base year are held at this year's enrolment
/// (the status quo the plan's recommendation departs from).
public struct ProgramCohorts: Sendable, Equatable {
    /// Years of study of the program's level.
    public var years: Int
    /// Intakes of the cohorts in school, oldest first (offsets `1 − years … 0`).
    public var intakes: [Int32]
    /// How many of `intakes` were estimated (no enrolment given for that year).
    public var estimated: Int
    /// Students in school this year by year of study (first year first), after dropout so far.
    public var students: [Int32]
    /// Graduates at offsets 1 … horizon.
    public var graduates: [Int32]
    /// Of them, those who continue to the next level (升学), at offsets 1 … horizon.
    public var furtherStudy: [Int32]

    /// Graduates entering the labour market at offsets 1 … horizon.
    public var labourMarket: [Int32] { zip(graduates, furtherStudy).map { $0 - $1 } }
}

/// The cohort arithmetic of `Guides/Pipeline.md`, in integers (shares in millionths, rounded half up).
public enum Cohorts {
    /// `round(n × share)` for a share in millionths, half up (n ≥ 0).
    @inlinable
    public static func part(_ n: Int64, _ shareMicros: Int64) -> Int64 {
        (n * shareMicros + Exact.unit / 2) / Exact.unit
    }

    /// Those of an intake still in school in year of study `k` (1-based) of `years`: the dropout
    /// share is spread evenly over the years, so `intake − round(intake × dropout × (k−1)/years)`.
    @inlinable
    public static func inSchool(intake: Int32, year k: Int, of years: Int, dropoutMicros: Int64) -> Int32 {
        let n = Int64(intake)
        let lost = (n * dropoutMicros * Int64(k - 1) * 2 + Exact.unit * Int64(years)) / (2 * Exact.unit * Int64(years))
        return Int32(n - lost)
    }

    /// Graduates of an intake: `intake − round(intake × dropout)`.
    @inlinable
    public static func graduates(intake: Int32, dropoutMicros: Int64) -> Int32 {
        Int32(Int64(intake) - part(Int64(intake), dropoutMicros))
    }

    /// The education level of a program: its major's, else its college's type.
    public static func level(of p: Program, in set: CatalogSet) -> EducationLevel {
        p.major >= 0 ? set.majors[Int(p.major)].level : set.colleges[Int(p.college)].type
    }

    /// The base year: the policy's, else the year after the latest year of history in `set`
    /// (nil when neither says: the reports then count years from now).
    public static func baseYear(_ set: CatalogSet, _ policy: PipelinePolicy) -> Int? {
        if let y = policy.baseYear { return y }
        var latest: Int32 = .min
        for p in set.programs { for h in p.history where h.year > latest { latest = h.year } }
        return latest == .min ? nil : Int(latest) + 1
    }

    /// The intake of `p` in calendar year `year` when its history gives one (≥ 0), else nil.
    static func knownIntake(_ p: Program, year: Int) -> Int32? {
        for h in p.history where Int(h.year) == year && h.enrolment >= 0 { return h.enrolment }
        return nil
    }

    /// The cohorts of `p` at `stage` over `horizon` coming years, with `base` the base year.
    public static func cohorts(_ p: Program, stage: PipelineStage, base: Int?, horizon: Int) -> ProgramCohorts {
        let years = max(1, stage.years)
        let dropout = Exact.micros(stage.dropout)
        let further = Exact.micros(stage.furtherStudy)
        // Known intakes by offset: offset 0 is this year's enrolment; history by calendar year.
        var known: [(offset: Int, intake: Int32)] = [(0, max(0, p.enrolment))]
        if let base {
            for h in p.history where h.enrolment >= 0 && Int(h.year) < base {
                known.append((Int(h.year) - base, h.enrolment))
            }
        }
        func intake(_ offset: Int) -> (Int32, Bool) {
            if offset >= 0 { return (max(0, p.enrolment), offset > 0) }
            if let base, let v = knownIntake(p, year: base + offset) { return (v, false) }
            // Nearest known offset; the later one on a tie.
            var best = known[0]
            for k in known {
                let d = abs(k.offset - offset)
                let b = abs(best.offset - offset)
                if d < b || (d == b && k.offset > best.offset) { best = k }
            }
            return (best.intake, true)
        }
        var intakes: [Int32] = []
        var estimated = 0
        for offset in (1 - years)...0 {
            let (v, est) = intake(offset)
            intakes.append(v)
            if est { estimated += 1 }
        }
        // Year of study k holds the intake of offset 1 − k.
        let students = (1...years).map { k in
            inSchool(intake: intakes[years - k], year: k, of: years, dropoutMicros: dropout)
        }
        var graduates: [Int32] = []
        var continuing: [Int32] = []
        for t in stride(from: 1, through: horizon, by: 1) {
            let g = Cohorts.graduates(intake: intake(t - years).0, dropoutMicros: dropout)
            graduates.append(g)
            continuing.append(Int32(part(Int64(g), further)))
        }
        return ProgramCohorts(
            years: years, intakes: intakes, estimated: estimated, students: students, graduates: graduates,
            furtherStudy: continuing)
    }

    /// Labour-market graduates of `graduates` at `stage`: those who do not continue to the next level.
    public static func labourMarket(_ graduates: Int32, stage: PipelineStage) -> Int32 {
        graduates - Int32(part(Int64(max(0, graduates)), Exact.micros(stage.furtherStudy)))
    }

    /// Of `n` labour-market graduates, those available to local demand (× local retention, as
    /// `Planner` counts this year's graduates).
    public static func local(_ n: Int32, retention: Float) -> Int32 {
        guard !retention.isNaN else { return n }
        return Int32((Double(n) * Double(retention)).rounded())
    }

    /// A role's headcount `t` years on, compounding its yearly `growth` with rounding each year
    /// (half away from zero, never below 0): `h_{t+1} = round(h_t × (1 + growth))`.
    public static func projected(_ headcount: Int32, growth: Float, years t: Int) -> Int32 {
        let g = Exact.micros(growth.isNaN ? 0 : growth)
        var h = Int64(max(0, headcount))
        for _ in stride(from: 0, to: t, by: 1) {
            let x = h * (Exact.unit + g)
            h = max(0, x >= 0 ? (x + Exact.unit / 2) / Exact.unit : -((-x + Exact.unit / 2) / Exact.unit))
        }
        return Int32(clamping: h)
    }
}
