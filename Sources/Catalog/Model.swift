/// The three education levels of the 2021 vocational catalog.
public enum EducationLevel: String, Sendable, Codable, CaseIterable, Comparable {
    /// 中职 (codes 6x/7x).
    case secondary
    /// 高职专科 (codes 4x/5x).
    case higher
    /// 职业本科 (codes 2x/3x).
    case bachelor

    /// The level's Chinese name.
    public var chinese: String {
        switch self {
        case .secondary: "中职"
        case .higher: "高职专科"
        case .bachelor: "职业本科"
        }
    }

    /// Index 0, 1, 2 (for tables).
    public var index: Int {
        switch self {
        case .secondary: 0
        case .higher: 1
        case .bachelor: 2
        }
    }

    /// Whether a major code's first digit fits this level (6/7 secondary, 4/5 higher, 2/3 bachelor).
    public func accepts(codeDigit d: Character) -> Bool {
        switch self {
        case .secondary: d == "6" || d == "7"
        case .higher: d == "4" || d == "5"
        case .bachelor: d == "2" || d == "3"
        }
    }

    public static func < (a: EducationLevel, b: EducationLevel) -> Bool { a.index < b.index }
}

/// The level of a demand role.
public enum RoleLevel: String, Sendable, Codable, CaseIterable {
    /// 操作工 / skilled operator.
    case `operator`
    /// 技术员 / technician.
    case technician
    /// 工程师 / engineer.
    case engineer

    /// Index 0, 1, 2 (for tables).
    public var index: Int {
        switch self {
        case .operator: 0
        case .technician: 1
        case .engineer: 2
        }
    }
}

/// What a major's term is: a course, a foundation course, an ability phrase, a certificate.
public enum TermKind: String, Sendable, Codable, CaseIterable {
    case course, foundation, ability, certificate, other
}

/// Where an element came from: the file's index in `CatalogSet.files` and a position in it.
public struct SourceRef: Sendable, Equatable, Hashable, Codable {
    /// Index into `CatalogSet.files`.
    public var file: Int32
    /// 1-based line.
    public var line: Int32
    /// 1-based column.
    public var column: Int32

    /// Creates a reference.
    public init(file: Int32, line: Int32, column: Int32) {
        self.file = file
        self.line = line
        self.column = column
    }

    init(file: Int32, _ p: SourcePosition) {
        self.init(file: file, line: p.line, column: p.column)
    }
}

/// A term of a major with its kind and whether it is generic (shared by nearly every major).
public struct MajorTerm: Sendable, Equatable, Hashable {
    /// The term's id in the catalog's `TermTable`.
    public var term: Int32
    /// Course, ability, …
    public var kind: TermKind
    /// Generic terms are kept for display but carry no weight in matching.
    public var generic: Bool
    /// Derived by the project (`derived="true"`: from the major's name, 专业类 and sibling majors),
    /// not given by the MoE.
    public var derived: Bool

    /// Creates a major term.
    public init(term: Int32, kind: TermKind, generic: Bool, derived: Bool = false) {
        self.term = term
        self.kind = kind
        self.generic = generic
        self.derived = derived
    }
}

/// One major (专业) of the national catalog.
public struct Major: Sendable, Equatable {
    /// Six digits, with a K suffix for nationally controlled majors.
    public var code: String
    /// The major's name.
    public var name: String
    /// Education level.
    public var level: EducationLevel
    /// 专业大类 code (2 digits) and name.
    public var categoryCode: String
    /// 专业大类 name.
    public var categoryName: String
    /// 专业类 code (4 digits).
    public var classCode: String
    /// 专业类 name.
    public var className: String
    /// 国控 (K) major.
    public var national: Bool
    /// When a post-2021 major was added, as the source says; nil for the 2021 catalog.
    public var added: String?
    /// Linked occupation codes (职业面向).
    public var occupations: [String]
    /// Course names and ability phrases.
    public var terms: [MajorTerm]
    /// Where it is defined.
    public var source: SourceRef
    /// The positions in `occupations` of the links the project derived (`derived="true"`), not
    /// the MoE's; ascending.
    public var derivedOccupationIndices: [Int] = []
}

/// One occupation of the 2022 occupation dictionary.
public struct Occupation: Sendable, Equatable {
    /// `8-01-02-03` (细类), `8-01-02` (小类), `8-01` (中类) or `8` (大类).
    public var code: String
    /// Name.
    public var name: String
    /// 数字职业 (S).
    public var digital: Bool
    /// 绿色职业 (L).
    public var green: Bool
    /// Short task terms (ids in the term table).
    public var terms: [Int32]
    /// Where it is defined.
    public var source: SourceRef
}

/// An industry cluster (33618), innovation field (416) or future industry.
public struct Cluster: Sendable, Equatable {
    /// Stable id, e.g. `c33618-auto-nev`.
    public var id: String
    /// `33618`, `416` or `future`.
    public var system: String
    /// Tier code (3T, 3F, 6H, 18N-G, 18N-F, 4, 16, …).
    public var tier: String
    /// Tier name.
    public var tierName: String
    /// Name.
    public var name: String
    /// Parent id (a 416 field's 高地).
    public var parent: String?
    /// How sure the sources are (`high` … `unconfirmed`).
    public var confidence: String
    /// Whether the list needs no caveat: confirmed (`high`) or a national standard's classification
    /// (`standard`, the GB/T 4754 sectors).
    public var listIsVerified: Bool { confidence == "high" || confidence == "standard" }
    /// Occupation codes that describe the cluster.
    public var occupations: [String]
    /// Terms that describe the cluster (ids).
    public var terms: [Int32]
    /// Where it is defined.
    public var source: SourceRef
}

/// A vocational college (中职, 高职专科 or 职业本科).
public struct College: Sendable, Equatable {
    /// Stable id.
    public var id: String
    /// Name.
    public var name: String
    /// District (区县) in the city.
    public var district: String
    /// The college's type.
    public var type: EducationLevel
    /// Whether the file says its figures are illustrative.
    public var illustrative: Bool
    /// Where it is defined.
    public var source: SourceRef
}

/// One past year of a program.
public struct ProgramYear: Sendable, Equatable {
    /// Calendar year.
    public var year: Int32
    /// Enrolment that year, -1 when not given.
    public var enrolment: Int32
    /// Graduates that year, -1 when not given.
    public var graduates: Int32
    /// Employment rate that year, NaN when not given.
    public var employmentRate: Float
    /// Share of students who chose it first, NaN when not given.
    public var firstChoiceRate: Float

    /// Creates a year of history.
    public init(year: Int32, enrolment: Int32, graduates: Int32, employmentRate: Float, firstChoiceRate: Float) {
        self.year = year
        self.enrolment = enrolment
        self.graduates = graduates
        self.employmentRate = employmentRate
        self.firstChoiceRate = firstChoiceRate
    }
}

/// One program: a major taught by a college, with its figures.
public struct Program: Sendable, Equatable {
    /// Id (the file's, or `college/major`).
    public var id: String
    /// Index of its college in `CatalogSet.colleges`.
    public var college: Int32
    /// Major code as written.
    public var majorCode: String
    /// Index in `CatalogSet.majors`, -1 until linked.
    public var major: Int32
    /// Yearly intake.
    public var enrolment: Int32
    /// Graduates this year.
    public var graduates: Int32
    /// Share employed.
    public var employmentRate: Float
    /// Maximum yearly intake.
    public var capacity: Int32
    /// Share of 双师型 teachers, NaN when not given.
    public var dualTeacherRatio: Float
    /// Share of graduates who stay in the city, NaN when not given.
    public var localRetention: Float
    /// Whether the program's occupations replace the major's (otherwise extend them).
    public var replacesOccupations: Bool
    /// The program's own occupation links.
    public var occupations: [String]
    /// The program's own curriculum terms (ids).
    public var terms: [Int32]
    /// Past years, oldest first.
    public var history: [ProgramYear]
    /// Where its `major` attribute is.
    public var source: SourceRef
}

/// One demand submission from an industry body.
public struct DemandSubmission: Sendable, Equatable {
    /// Submission id.
    public var id: String
    /// The industry body (行业协会, 链主企业, 园区).
    public var submitter: String
    /// Cluster id; for a sector submission, `gbt4754-{sector}` (see `IndustrySector`).
    public var cluster: String
    /// Period, e.g. `2025`.
    public var period: String
    /// District, when the whole submission is local.
    public var district: String?
    /// Whether the file says its figures are illustrative.
    public var illustrative: Bool
    /// Range of its roles in `CatalogSet.roles`.
    public var roles: Range<Int>
    /// Where it is defined.
    public var source: SourceRef
    /// GB/T 4754-2017 industry code (门类 letter, optionally its two-digit 大类, e.g. `Q`, `Q84`) when the
    /// submission is for a sector of the economy rather than an industry cluster.
    public var sector: String? = nil
}

/// A skill asked by a role, with a weight.
public struct Skill: Sendable, Equatable, Hashable {
    /// Term id.
    public var term: Int32
    /// Weight (default 1).
    public var weight: Float
}

/// One demand role: a job profile with a headcount at one education level.
public struct Role: Sendable, Equatable {
    /// Id, unique within its submission.
    public var id: String
    /// Index of its submission in `CatalogSet.demands`.
    public var submission: Int32
    /// Name.
    public var name: String
    /// Occupation code, when given.
    public var occupation: String?
    /// Operator, technician or engineer.
    public var level: RoleLevel
    /// Headcount asked.
    public var headcount: Int32
    /// Education level asked.
    public var educationLevel: EducationLevel
    /// Expected growth (a share, e.g. 0.1), 0 when not given.
    public var growth: Float
    /// District (the role's, else its submission's).
    public var district: String?
    /// Skills asked.
    public var skills: [Skill]
    /// Where it is defined.
    public var source: SourceRef
}
