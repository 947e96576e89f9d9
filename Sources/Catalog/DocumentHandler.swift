/// Builds the `CatalogSet` model from the elements of one file of any kind.
///
/// The builder's state is a `DocumentBuilder` behind a pointer allocated in `init`: the stored
/// `var`s of a class are checked for exclusive access at run time on every access, and every
/// element appends to the set's arrays.
final class DocumentHandler: XMLContentHandler {
    private let builder: UnsafeMutablePointer<DocumentBuilder>

    var elementNames: [String] { ElementName.names }
    var attributeNames: [String] { AttributeName.names }

    init(kind: DocumentKind, fileIndex: Int32, set: CatalogSet) {
        builder = .allocate(capacity: 1)
        builder.initialize(to: DocumentBuilder(kind: kind, fileIndex: fileIndex, set: set))
    }

    deinit {
        builder.deinitialize(count: 1)
        builder.deallocate()
    }

    /// The root's `illustrative` attribute.
    var illustrative: Bool { builder.pointee.illustrative }

    /// Moves the set out of the handler (leaving an empty one), so that the caller's copy is unique.
    func takeSet() -> CatalogSet {
        var set = CatalogSet()
        swap(&set, &builder.pointee.set)
        return set
    }

    func startElement(_ element: Int, parser: XMLStreamParser) {
        builder.pointee.startElement(element, parser: parser)
    }

    func endElement(_ element: Int, parser: XMLStreamParser) {
        builder.pointee.endElement(element, parser: parser)
    }
}

/// The state and the element logic of `DocumentHandler`.
struct DocumentBuilder {
    let kind: DocumentKind
    let fileIndex: Int32
    var set: CatalogSet

    /// The root's `illustrative` attribute.
    private(set) var illustrative = false
    // Majors
    private var categoryCode = ""
    private var categoryName = ""
    private var categoryLevel: EducationLevel = .higher
    private var classCode = ""
    private var className = ""
    private var termKind: TermKind = .other
    private var termGeneric = false
    private var termDerived = false
    // Demand
    private var demandStart = 0
    /// Sums of this file's counts, checked against `IngestLimits` (`Int`: no sum of accepted values overflows).
    private var fileHeadcount = 0
    private var fileEnrolment = 0
    private var fileGraduates = 0
    private var skillWeight: Float = 1
    // Policy
    var policy = Policy()
    var ruleId = ""
    var ruleAction: RuleAction = .keep
    var ruleSource: String?
    var ruleReason: String?
    var ruleTrigger: RuleTrigger?
    var anyOfK = 1
    var anyOfConditions: [Condition] = []
    var bands: [SupplyDemandBand] = []
    private var rootSeen = false
    /// How many of each record the set held before this file: an element whose parent is
    /// missing (possible only in trusted mode) must not attach to an earlier file's record, so
    /// that a file reads the same whether it is parsed alone or after others.
    private let before: (majors: Int, occupations: Int, clusters: Int, colleges: Int, programs: Int, demands: Int, roles: Int)

    init(kind: DocumentKind, fileIndex: Int32, set: CatalogSet) {
        self.kind = kind
        self.fileIndex = fileIndex
        self.set = set
        before = (
            set.majors.count, set.occupations.count, set.clusters.count, set.colleges.count, set.programs.count,
            set.demands.count, set.roles.count
        )
    }

    // MARK: - Attribute access with trusted-mode checks

    func string(_ a: AttributeName, _ p: XMLStreamParser, required: Bool = true) -> String? {
        if let v = p.attribute(a.rawValue) { return XMLValue.trimmedString(v.bytes) }
        if required && !p.validating { p.error("missing required attribute '\(a)'") }
        return nil
    }

    func int(_ a: AttributeName, _ p: XMLStreamParser, required: Bool = true) -> Int? {
        guard let v = p.attribute(a.rawValue) else {
            if required && !p.validating { p.error("missing required attribute '\(a)'") }
            return nil
        }
        guard let n = v.int, n <= 1_000_000_000 else {
            if !p.validating { p.error(attribute: a.rawValue, "attribute '\(a)': '\(v.string)' is not a whole number") }
            return nil
        }
        return n
    }

    func double(_ a: AttributeName, _ p: XMLStreamParser, required: Bool = false) -> Double? {
        guard let v = p.attribute(a.rawValue) else {
            if required && !p.validating { p.error("missing required attribute '\(a)'") }
            return nil
        }
        guard let d = v.double else {
            if !p.validating { p.error(attribute: a.rawValue, "attribute '\(a)': '\(v.string)' is not a decimal number") }
            return nil
        }
        return d
    }

    func share(_ a: AttributeName, _ p: XMLStreamParser, required: Bool = false) -> Float {
        guard let d = double(a, p, required: required) else { return .nan }
        if !(0...1).contains(d) {
            if !p.validating { p.error(attribute: a.rawValue, "attribute '\(a)': \(d) is not a share between 0 and 1") }
            return .nan
        }
        return Float(d)
    }

    func bool(_ a: AttributeName, _ p: XMLStreamParser) -> Bool {
        guard let v = p.attribute(a.rawValue) else { return false }
        guard let b = v.bool else {
            if !p.validating { p.error(attribute: a.rawValue, "attribute '\(a)': '\(v.string)' is not true or false") }
            return false
        }
        return b
    }

    func enumValue<T: RawRepresentable>(_ a: AttributeName, _ p: XMLStreamParser, required: Bool = true) -> T?
    where T.RawValue == String, T: CaseIterable {
        guard let s = string(a, p, required: required) else { return nil }
        guard let v = T(rawValue: s) else {
            if !p.validating {
                let allowed = T.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
                p.error(attribute: a.rawValue, "attribute '\(a)': '\(s)' is not one of \(allowed)")
            }
            return nil
        }
        return v
    }

    func ref(_ p: XMLStreamParser, _ a: AttributeName? = nil) -> SourceRef {
        if let a, let pos = p.attributePosition(a.rawValue) { return SourceRef(file: fileIndex, pos) }
        return SourceRef(file: fileIndex, p.tagPosition)
    }

    // MARK: - Elements

    mutating func startElement(_ element: Int, parser p: XMLStreamParser) {
        guard let e = ElementName(rawValue: element) else {
            if !p.validating { p.error("unexpected element in a \(kind.rootName) document") }
            return
        }
        if !rootSeen {
            rootSeen = true
            illustrative = bool(.illustrative, p)
        }
        switch (kind, e) {
        case (.majors, .category):
            categoryCode = string(.code, p) ?? ""
            categoryName = string(.name, p) ?? ""
            categoryLevel = enumValue(.level, p) ?? .higher
            if let d = categoryCode.first, !categoryLevel.accepts(codeDigit: d) {
                p.error(
                    attribute: AttributeName.code.rawValue,
                    "category code '\(categoryCode)' does not fit level '\(categoryLevel.rawValue)' (\(Self.digits(categoryLevel)))"
                )
            }
        case (.majors, .class):
            classCode = string(.code, p) ?? ""
            className = string(.name, p) ?? ""
            if !classCode.hasPrefix(categoryCode) {
                p.error(
                    attribute: AttributeName.code.rawValue,
                    "class code '\(classCode)' does not start with its category code '\(categoryCode)'")
            }
        case (.majors, .major):
            let code = string(.code, p) ?? ""
            let level: EducationLevel = enumValue(.level, p) ?? categoryLevel
            if let d = code.first, !level.accepts(codeDigit: d) {
                p.error(
                    attribute: AttributeName.code.rawValue,
                    "major code '\(code)' does not fit level '\(level.rawValue)' (\(Self.digits(level)))")
            } else if level != categoryLevel {
                p.error(
                    attribute: AttributeName.level.rawValue,
                    "major level '\(level.rawValue)' differs from its category's level '\(categoryLevel.rawValue)'")
            }
            if !code.hasPrefix(classCode) {
                p.error(
                    attribute: AttributeName.code.rawValue,
                    "major code '\(code)' does not start with its class code '\(classCode)'")
            }
            set.majors.append(
                Major(
                    code: code, name: string(.name, p) ?? "", level: level, categoryCode: categoryCode,
                    categoryName: categoryName, classCode: classCode, className: className,
                    national: bool(.national, p), added: string(.added, p, required: false), occupations: [],
                    terms: [], source: ref(p, .code)))
        case (.majors, .occupation):
            if let c = string(.code, p), set.majors.count > before.majors {
                let last = set.majors.count - 1
                if bool(.derived, p) { set.majors[last].derivedOccupationIndices.append(set.majors[last].occupations.count) }
                set.majors[last].occupations.append(c)
            }
        case (.majors, .term), (.occupations, .term), (.clusters, .term), (.colleges, .term):
            termKind = enumValue(.kind, p, required: false) ?? .other
            termGeneric = bool(.generic, p)
            termDerived = bool(.derived, p)
        case (.occupations, .occupation):
            set.occupations.append(
                Occupation(
                    code: string(.code, p) ?? "", name: string(.name, p) ?? "", digital: bool(.digital, p),
                    green: bool(.green, p), terms: [], source: ref(p, .code)))
        case (.clusters, .cluster):
            set.clusters.append(
                Cluster(
                    id: string(.id, p) ?? "", system: string(.system, p) ?? "", tier: string(.tier, p) ?? "",
                    tierName: string(.tierName, p, required: false) ?? "", name: string(.name, p) ?? "",
                    parent: string(.parent, p, required: false), confidence: string(.confidence, p) ?? "",
                    occupations: [], terms: [], source: ref(p, .id)))
        case (.clusters, .occupation):
            if let c = string(.code, p), set.clusters.count > before.clusters {
                set.clusters[set.clusters.count - 1].occupations.append(c)
            }
        case (.colleges, .college):
            set.colleges.append(
                College(
                    id: string(.id, p) ?? "", name: string(.name, p) ?? "", district: string(.district, p) ?? "",
                    type: enumValue(.type, p) ?? .higher, illustrative: illustrative, source: ref(p, .id)))
        case (.colleges, .program):
            startProgram(p)
        case (.colleges, .occupation):
            if let c = string(.code, p), set.programs.count > before.programs {
                set.programs[set.programs.count - 1].occupations.append(c)
            }
        case (.colleges, .year):
            guard set.programs.count > before.programs else { return }
            let y = ProgramYear(
                year: Int32(int(.year, p) ?? 0), enrolment: Int32(int(.enrolment, p, required: false) ?? -1),
                graduates: Int32(int(.graduates, p, required: false) ?? -1),
                employmentRate: share(.employmentRate, p), firstChoiceRate: share(.firstChoiceRate, p))
            let last = set.programs.count - 1
            if set.programs[last].history.contains(where: { $0.year == y.year }) {
                p.error(attribute: AttributeName.year.rawValue, "year \(y.year) is given twice for this program")
            }
            // Programs list a few years: one allocation for them rather than three as the array grows.
            if set.programs[last].history.isEmpty { set.programs[last].history.reserveCapacity(4) }
            set.programs[last].history.append(y)
        case (.demand, .demand):
            demandStart = set.roles.count
            // A submission names a cluster or a GB/T 4754 sector (then it is grouped under `gbt4754-{sector}`).
            let sector = string(.sector, p, required: false)
            let named = string(.cluster, p, required: false)
            switch (named, sector) {
            case (nil, nil): p.error("missing required attribute 'cluster' (or 'sector', a GB/T 4754 code)")
            case (.some, .some): p.error(attribute: AttributeName.sector.rawValue, "give 'cluster' or 'sector', not both")
            case (nil, .some(let code)) where !p.validating && !IndustrySector.isValid(code):
                p.error(
                    attribute: AttributeName.sector.rawValue,
                    "attribute 'sector': '\(code)' is not a GB/T 4754 code (a letter A–T, optionally two digits)")
            default: break
            }
            let cluster = named ?? sector.map(IndustrySector.clusterID) ?? ""
            set.demands.append(
                DemandSubmission(
                    id: string(.id, p) ?? "", submitter: string(.submitter, p) ?? "", cluster: cluster,
                    period: string(.period, p) ?? "", district: string(.district, p, required: false),
                    illustrative: illustrative, roles: demandStart..<demandStart,
                    source: ref(p, sector == nil ? .cluster : .sector), sector: sector))
        case (.demand, .role):
            startRole(p)
        case (.demand, .skill):
            skillWeight = Float(double(.weight, p) ?? 1)
            if !(skillWeight > 0) { skillWeight = 1 }
        case (.policy, _):
            startPolicyElement(e, p)
        case (_, .majorCatalog), (_, .occupationCatalog), (_, .clusterCatalog), (_, .colleges), (_, .demand):
            break
        default:
            if !p.validating { p.error("element <\(e)> is not expected in a \(kind.rootName) document") }
        }
    }

    private static func digits(_ level: EducationLevel) -> String {
        switch level {
        case .secondary: "secondary codes start with 6 or 7"
        case .higher: "higher codes start with 4 or 5"
        case .bachelor: "bachelor codes start with 2 or 3"
        }
    }

    private mutating func startProgram(_ p: XMLStreamParser) {
        guard set.colleges.count > before.colleges else { return }
        let collegeIndex = Int32(set.colleges.count - 1)
        let major = string(.major, p) ?? ""
        let id = string(.id, p, required: false) ?? "\(set.colleges[Int(collegeIndex)].id)/\(major)"
        let enrolmentValue = int(.enrolment, p)
        let graduatesValue = int(.graduates, p)
        let capacityValue = int(.capacity, p)
        let enrolment = enrolmentValue ?? 0
        let graduates = graduatesValue ?? 0
        let capacity = capacityValue ?? 0
        let mode = string(.occupations, p, required: false)
        if let mode, mode != "extend", mode != "replace", !p.validating {
            p.error(attribute: AttributeName.occupations.rawValue, "attribute 'occupations': '\(mode)' is not 'extend' or 'replace'")
        }
        set.programs.append(
            Program(
                id: id, college: collegeIndex, majorCode: major, major: -1, enrolment: Int32(enrolment),
                graduates: Int32(graduates), employmentRate: share(.employmentRate, p, required: true),
                capacity: Int32(capacity), dualTeacherRatio: share(.dualTeacherRatio, p),
                localRetention: share(.localRetention, p), replacesOccupations: mode == "replace", occupations: [],
                terms: [], history: [], source: ref(p, .major)))
        checkFileTotal(&fileEnrolment, adding: enrolment, limit: IngestLimits.maxStudentsPerFile, .enrolment, "enrolment", p)
        checkFileTotal(&fileGraduates, adding: graduates, limit: IngestLimits.maxStudentsPerFile, .graduates, "graduates", p)
        guard enrolmentValue != nil, graduatesValue != nil, capacityValue != nil else { return }
        if graduates > enrolment * 3 / 2 && graduates > enrolment + 20 {
            p.report(
                .warning, at: p.attributePosition(AttributeName.graduates.rawValue) ?? p.tagPosition,
                "graduates (\(graduates)) far above enrolment (\(enrolment)) for program '\(id)': check the figures")
        }
        if capacity < enrolment {
            p.report(
                .warning, at: p.attributePosition(AttributeName.capacity.rawValue) ?? p.tagPosition,
                "capacity (\(capacity)) below enrolment (\(enrolment)) for program '\(id)'")
        }
    }

    /// Adds `value` to a per-file total and reports, once, the element that takes it past `limit`.
    private func checkFileTotal(
        _ total: inout Int, adding value: Int, limit: Int, _ a: AttributeName, _ what: String, _ p: XMLStreamParser
    ) {
        let previous = total
        total += value
        if previous <= limit && total > limit {
            p.report(
                .error, at: p.attributePosition(a.rawValue) ?? p.tagPosition,
                "the \(what) of this file add up to more than \(limit) (the most one file may hold); split the file or check the figures")
        }
    }

    private mutating func startRole(_ p: XMLStreamParser) {
        guard set.demands.count > before.demands else { return }
        let submission = set.demands.count - 1
        let headcount = int(.headcount, p) ?? 0
        checkFileTotal(&fileHeadcount, adding: headcount, limit: IngestLimits.maxHeadcountPerFile, .headcount, "headcounts", p)
        set.roles.append(
            Role(
                id: string(.id, p) ?? "", submission: Int32(submission), name: string(.name, p) ?? "",
                occupation: string(.occupation, p, required: false), level: enumValue(.level, p) ?? .technician,
                headcount: Int32(headcount), educationLevel: enumValue(.educationLevel, p) ?? .higher,
                growth: Float(double(.growth, p) ?? 0),
                district: string(.district, p, required: false) ?? set.demands[submission].district, skills: [],
                source: ref(p, p.attribute(AttributeName.occupation.rawValue) != nil ? .occupation : .id)))
        set.demands[submission].roles = demandStart..<set.roles.count
    }

    /// The longest term or skill accepted, in characters: terms are short phrases, not sentences.
    static let maxTermLength = 64

    mutating func endElement(_ element: Int, parser p: XMLStreamParser) {
        guard let e = ElementName(rawValue: element) else { return }
        if e == .term || e == .skill {
            let n = XMLValue.scalarCount(p.textBytes)
            // The XSD's maxLength covers <term>; libxml2 skips it on <skill>'s simple-content extension.
            if n > Self.maxTermLength && (e == .skill || !p.validating) {
                p.report(
                    .error, at: p.lastClosedStart ?? p.tagPosition,
                    "<\(e)> is \(n) characters long; terms are short phrases of at most \(Self.maxTermLength) characters")
                return
            }
        }
        // Terms are interned from the text's bytes: no String is made for a term seen before.
        switch (kind, e) {
        case (.majors, .term):
            let t = p.textBytes
            guard !t.isEmpty, set.majors.count > before.majors else { return }
            let id = set.terms.intern(utf8: t)
            set.majors[set.majors.count - 1].terms.append(MajorTerm(term: id, kind: termKind, generic: termGeneric, derived: termDerived))
        case (.occupations, .term):
            let t = p.textBytes
            guard !t.isEmpty, set.occupations.count > before.occupations else { return }
            set.occupations[set.occupations.count - 1].terms.append(set.terms.intern(utf8: t))
        case (.clusters, .term):
            let t = p.textBytes
            guard !t.isEmpty, set.clusters.count > before.clusters else { return }
            set.clusters[set.clusters.count - 1].terms.append(set.terms.intern(utf8: t))
        case (.colleges, .term):
            let t = p.textBytes
            guard !t.isEmpty, set.programs.count > before.programs else { return }
            set.programs[set.programs.count - 1].terms.append(set.terms.intern(utf8: t))
        case (.demand, .skill):
            let t = p.textBytes
            guard !t.isEmpty, set.roles.count > before.roles else {
                if t.isEmpty && !p.validating { p.error("a <skill> needs text") }
                return
            }
            set.roles[set.roles.count - 1].skills.append(Skill(term: set.terms.intern(utf8: t), weight: skillWeight))
        case (.policy, _):
            endPolicyElement(e, p)
        default:
            break
        }
    }
}
