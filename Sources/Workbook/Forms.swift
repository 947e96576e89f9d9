public import Catalog

/// The two kinds of workbook Chanjiao reads: a college's programs and an industry body's demand.
public enum WorkbookForm: String, Sendable, CaseIterable {
    /// Colleges, their programs and the programs' yearly history (urn:chanjiao:colleges:1).
    case colleges
    /// One demand submission, its roles and the roles' skills (urn:chanjiao:demand:1).
    case demand

    /// The sheets of the form, in order: the root record's sheet first.
    var sheets: [SheetSpec] {
        switch self {
        case .colleges: [SheetSpec.college, .program, .year]
        case .demand: [SheetSpec.demand, .role, .skill]
        }
    }

    /// The kind of XML document the workbook converts to.
    public var kind: DocumentKind { self == .colleges ? .colleges : .demand }

    /// The form that converts to a document of `kind`, if any.
    public init?(kind: DocumentKind) {
        switch kind {
        case .colleges: self = .colleges
        case .demand: self = .demand
        default: return nil
        }
    }
}

/// What a column holds, which says how its cells are normalised.
enum FieldType {
    /// Free text (names): trimmed.
    case text
    /// An identifier or code: text that must stay as typed (a number loses leading zeros).
    case code
    /// A whole number (counts).
    case count
    /// A decimal number (rates, growth, weights).
    case decimal
    /// A year.
    case year
    /// Several codes or terms in one cell, separated by `;` or `；` (each its own element).
    case list
    /// One value from a fixed list (an XSD enumeration); `中文(token)` and `中文` are read as `token`.
    case choice([(token: String, chinese: String)])
    /// One value from the catalogs in scope (districts, clusters): `名称(id)` is read as `id`.
    case scoped(String)

    var isNumeric: Bool {
        switch self {
        case .count, .decimal, .year: true
        default: false
        }
    }
}

/// One column of a form's sheet: the XML attribute (or parent link, or element) it fills.
struct FieldSpec {
    /// The XML attribute's name; for the parent column the parent's kind (`college`, `program`, `role`).
    var key: String
    /// The Chinese header.
    var chinese: String
    var type: FieldType
    var required: Bool
    /// How the column becomes XML.
    var role: Role = .attribute
    /// One line for the read-me sheet.
    var note: String

    enum Role {
        /// An attribute of the row's element.
        case attribute
        /// The id of the parent record on another sheet.
        case parent
        /// Child elements, one per `;`-separated item (`<occupation code=…>`, `<term>`).
        case children(element: String, attribute: String?)
        /// The element's text (a skill).
        case text
    }

    /// The header cell: `专业代码(major)`.
    var header: String { "\(chinese)(\(key))" }
}

/// One sheet of a form: the XML element each row becomes.
struct SheetSpec {
    /// The sheet's name, which is the element's name (errors say `program!C17`).
    var name: String
    var chinese: String
    var fields: [FieldSpec]
    /// The parent sheet, when rows link to a record of another sheet.
    var parent: String?

    static let levels: [(token: String, chinese: String)] = [("secondary", "中职"), ("higher", "高职专科"), ("bachelor", "职业本科")]
    static let roleLevels: [(token: String, chinese: String)] = [("operator", "操作工"), ("technician", "技术员"), ("engineer", "工程师")]
    static let occupationModes: [(token: String, chinese: String)] = [("extend", "补充"), ("replace", "替换")]

    static let college = SheetSpec(
        name: "college", chinese: "学校",
        fields: [
            FieldSpec(key: "id", chinese: "学校代码", type: .code, required: true, note: "学校的唯一代码，字母数字及 _ . -，如 CQS01"),
            FieldSpec(key: "name", chinese: "学校名称", type: .text, required: true, note: "全称，不超过 128 字"),
            FieldSpec(key: "district", chinese: "所在区县", type: .scoped("district"), required: true, note: "从下拉列表选择"),
            FieldSpec(key: "type", chinese: "办学层次", type: .choice(levels), required: true, note: "中职、高职专科或职业本科"),
        ])

    static let program = SheetSpec(
        name: "program", chinese: "专业点",
        fields: [
            FieldSpec(key: "college", chinese: "学校代码", type: .code, required: true, role: .parent, note: "学校表中的学校代码"),
            FieldSpec(key: "id", chinese: "专业点代码", type: .code, required: false, note: "可空；填写历年表时必填，如 CQS01-660703"),
            FieldSpec(key: "major", chinese: "专业代码", type: .code, required: true, note: "2021 版职业教育专业目录的 6 位代码（可带 K），请保持文本格式以免丢失开头的 0"),
            FieldSpec(key: "enrolment", chinese: "招生人数", type: .count, required: true, note: "本年招生，整数"),
            FieldSpec(key: "graduates", chinese: "毕业生人数", type: .count, required: true, note: "本年毕业生，整数"),
            FieldSpec(key: "employmentRate", chinese: "就业率", type: .decimal, required: true, note: "0 到 1 之间的小数，如 0.92"),
            FieldSpec(key: "capacity", chinese: "办学容量", type: .count, required: true, note: "可招生的最大人数，整数"),
            FieldSpec(key: "dualTeacherRatio", chinese: "双师型教师比例", type: .decimal, required: false, note: "0 到 1，可空"),
            FieldSpec(key: "localRetention", chinese: "本地就业比例", type: .decimal, required: false, note: "0 到 1，可空"),
            FieldSpec(
                key: "occupations", chinese: "职业对应方式", type: .choice(occupationModes), required: false, note: "补充（在专业目录的对应职业上增加）或替换；可空，默认补充"
            ),
            FieldSpec(
                key: "occupation", chinese: "对应职业代码", type: .list, required: false,
                role: .children(element: "occupation", attribute: "code"), note: "职业大典代码，如 4-12-01-01；多个用分号隔开"),
            FieldSpec(
                key: "term", chinese: "课程与能力", type: .list, required: false, role: .children(element: "term", attribute: nil),
                note: "本专业点自有的课程或能力词，多个用分号隔开"),
        ], parent: "college")

    static let year = SheetSpec(
        name: "year", chinese: "历年数据",
        fields: [
            FieldSpec(key: "program", chinese: "专业点代码", type: .code, required: true, role: .parent, note: "专业点表中的专业点代码"),
            FieldSpec(key: "year", chinese: "年份", type: .year, required: true, note: "四位年份，如 2024"),
            FieldSpec(key: "enrolment", chinese: "招生人数", type: .count, required: false, note: "整数，可空"),
            FieldSpec(key: "graduates", chinese: "毕业生人数", type: .count, required: false, note: "整数，可空"),
            FieldSpec(key: "employmentRate", chinese: "就业率", type: .decimal, required: false, note: "0 到 1，可空"),
            FieldSpec(key: "firstChoiceRate", chinese: "第一志愿报考率", type: .decimal, required: false, note: "0 到 1，可空"),
        ], parent: "program")

    static let demand = SheetSpec(
        name: "demand", chinese: "需求",
        fields: [
            FieldSpec(key: "id", chinese: "需求编号", type: .code, required: true, note: "本次提交的唯一编号，如 CQ-c33618-auto-nev"),
            FieldSpec(key: "submitter", chinese: "提交单位", type: .text, required: true, note: "行业协会、链主企业或园区的名称"),
            FieldSpec(key: "cluster", chinese: "产业集群", type: .scoped("cluster"), required: false, note: "从下拉列表选择；与行业门类二选一"),
            FieldSpec(key: "sector", chinese: "行业门类", type: .code, required: false, note: "GB/T 4754 门类字母，可带两位大类，如 Q84；与产业集群二选一"),
            FieldSpec(key: "period", chinese: "需求期", type: .code, required: true, note: "如 2026"),
            FieldSpec(key: "district", chinese: "所在区县", type: .scoped("district"), required: false, note: "从下拉列表选择，可空"),
        ])

    static let role = SheetSpec(
        name: "role", chinese: "岗位",
        fields: [
            FieldSpec(key: "id", chinese: "岗位编号", type: .code, required: true, note: "本次提交内唯一，如 R001"),
            FieldSpec(key: "name", chinese: "岗位名称", type: .text, required: true, note: "如 汽车维修工"),
            FieldSpec(key: "occupation", chinese: "职业代码", type: .code, required: false, note: "职业大典代码，如 4-12-01-01，可空"),
            FieldSpec(key: "level", chinese: "岗位层级", type: .choice(roleLevels), required: true, note: "操作工、技术员或工程师"),
            FieldSpec(key: "headcount", chinese: "需求人数", type: .count, required: true, note: "正整数"),
            FieldSpec(key: "educationLevel", chinese: "学历层次", type: .choice(levels), required: true, note: "中职、高职专科或职业本科"),
            FieldSpec(key: "growth", chinese: "增长率", type: .decimal, required: false, note: "如 0.15，可空"),
            FieldSpec(key: "district", chinese: "岗位所在区县", type: .scoped("district"), required: false, note: "从下拉列表选择，可空"),
        ])

    static let skill = SheetSpec(
        name: "skill", chinese: "技能",
        fields: [
            FieldSpec(key: "role", chinese: "岗位编号", type: .code, required: true, role: .parent, note: "岗位表中的岗位编号"),
            FieldSpec(key: "skill", chinese: "技能", type: .text, required: true, role: .text, note: "一项技能或知识，不超过 64 字"),
            FieldSpec(key: "weight", chinese: "权重", type: .decimal, required: false, note: "大于 0、不超过 10，可空（默认 1）"),
        ], parent: "role")
}
