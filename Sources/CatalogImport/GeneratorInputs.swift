public import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The real catalogs the generator draws from: majors, occupations and clusters, in file order.
public struct GeneratorInputs: Sendable, Equatable {
    /// An education level: 中职 (secondary), 高职专科 (higher) or 职业本科 (bachelor).
    public enum Level: String, Sendable, CaseIterable, Comparable {
        case secondary, higher, bachelor

        /// The levels' order, lowest first.
        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rank < rhs.rank }

        var rank: Int {
            switch self {
            case .secondary: 0
            case .higher: 1
            case .bachelor: 2
            }
        }
    }

    /// A major of the catalog with its occupation links and skill terms.
    public struct Major: Sendable, Equatable {
        /// The six-digit code, optionally with a `K` suffix (e.g. `460301`).
        public var code: String
        /// The major's name (e.g. 机械制造及自动化).
        public var name: String
        /// The level the major is taught at.
        public var level: Level
        /// The four-digit 专业类 code.
        public var classCode: String
        /// The 专业大类 name (e.g. 装备制造大类); empty when the file gives none.
        public var categoryName: String
        /// Linked occupation codes (2022 dictionary), in file order.
        public var occupations: [String]
        /// Skill terms (course names, short ability phrases), in file order.
        public var terms: [String]

        /// Creates a major.
        public init(
            code: String,
            name: String,
            level: Level,
            classCode: String,
            categoryName: String = "",
            occupations: [String] = [],
            terms: [String] = []
        ) {
            self.code = code
            self.name = name
            self.level = level
            self.classCode = classCode
            self.categoryName = categoryName
            self.occupations = occupations
            self.terms = terms
        }
    }

    /// An occupation of the 2022 dictionary with its short task terms.
    public struct Occupation: Sendable, Equatable {
        /// The code, 大类-中类-小类-细类 (e.g. `6-22-02-01`).
        public var code: String
        /// The occupation's name.
        public var name: String
        /// Short task terms, in file order.
        public var terms: [String]

        /// Creates an occupation.
        public init(code: String, name: String, terms: [String] = []) {
            self.code = code
            self.name = name
            self.terms = terms
        }
    }

    /// An industry cluster (33618, 416 or future industry) with its occupations and terms.
    public struct Cluster: Sendable, Equatable {
        /// The cluster's id in the cluster catalog.
        public var id: String
        /// `33618`, `416` or `future`.
        public var system: String
        /// The tier within the system (e.g. `4` for the 416 科创高地, `16` for its fields).
        public var tier: String
        /// The cluster's name.
        public var name: String
        /// Linked occupation codes, in file order.
        public var occupations: [String]
        /// Descriptive terms, in file order.
        public var terms: [String]

        /// Creates a cluster.
        public init(
            id: String,
            system: String,
            tier: String,
            name: String,
            occupations: [String] = [],
            terms: [String] = []
        ) {
            self.id = id
            self.system = system
            self.tier = tier
            self.name = name
            self.occupations = occupations
            self.terms = terms
        }
    }

    /// All majors, in file order.
    public var majors: [Major]
    /// All occupations, in file order.
    public var occupations: [Occupation]
    /// All clusters, in file order.
    public var clusters: [Cluster]

    /// Creates inputs from values already in memory.
    public init(majors: [Major], occupations: [Occupation], clusters: [Cluster]) {
        self.majors = majors
        self.occupations = occupations
        self.clusters = clusters
    }

    /// Reads `majors.xml`, `occupations.xml` and `clusters.xml` from a catalog directory.
    public static func load(from directory: URL) throws(GeneratorError) -> GeneratorInputs {
        func read(_ name: String) throws(GeneratorError) -> Data {
            let url = directory.appendingPathComponent(name)
            do {
                return try Data(contentsOf: url)
            } catch {
                throw GeneratorError.missingInput(path: url.path)
            }
        }
        let majors = try read("majors.xml")
        let occupations = try read("occupations.xml")
        let clusters = try read("clusters.xml")
        return try parse(
            majors: majors,
            occupations: occupations,
            clusters: clusters,
            names: (
                directory.appendingPathComponent("majors.xml").path,
                directory.appendingPathComponent("occupations.xml").path,
                directory.appendingPathComponent("clusters.xml").path
            )
        )
    }

    /// Parses the three catalog documents (XML in the `urn:chanjiao:*:1` formats).
    public static func parse(
        majors: Data,
        occupations: Data,
        clusters: Data,
        names: (majors: String, occupations: String, clusters: String) = (
            "majors.xml", "occupations.xml", "clusters.xml"
        )
    ) throws(GeneratorError) -> GeneratorInputs {
        let m = try GeneratorXMLReader.read(majors, file: names.majors, kind: .majors)
        let o = try GeneratorXMLReader.read(occupations, file: names.occupations, kind: .occupations)
        let c = try GeneratorXMLReader.read(clusters, file: names.clusters, kind: .clusters)
        return GeneratorInputs(majors: m.majors, occupations: o.occupations, clusters: c.clusters)
    }
}

/// Reads one catalog document with Foundation's `XMLParser` (namespace-aware, no external entities).
final class GeneratorXMLReader: NSObject, XMLParserDelegate {
    enum Kind {
        case majors, occupations, clusters

        var root: (name: String, namespace: String) {
            switch self {
            case .majors: ("majorCatalog", "urn:chanjiao:majors:1")
            case .occupations: ("occupationCatalog", "urn:chanjiao:occupations:1")
            case .clusters: ("clusterCatalog", "urn:chanjiao:clusters:1")
            }
        }
    }

    let kind: Kind
    let file: String
    var majors: [GeneratorInputs.Major] = []
    var occupations: [GeneratorInputs.Occupation] = []
    var clusters: [GeneratorInputs.Cluster] = []
    private var depth = 0
    private var categoryName = ""
    private var classCode = ""
    private var text = ""
    private var inTerm = false
    private var failure: GeneratorError?

    private init(kind: Kind, file: String) {
        self.kind = kind
        self.file = file
    }

    static func read(_ data: Data, file: String, kind: Kind) throws(GeneratorError) -> GeneratorXMLReader {
        let reader = GeneratorXMLReader(kind: kind, file: file)
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        let ok = parser.parse()
        if let failure = reader.failure { throw failure }
        if !ok {
            let message = parser.parserError.map { "\($0)" } ?? "not well-formed"
            throw GeneratorError.invalidInput(path: file, line: parser.lineNumber, message: message)
        }
        return reader
    }

    private func fail(_ parser: XMLParser, _ message: String) {
        if failure == nil {
            failure = GeneratorError.invalidInput(path: file, line: parser.lineNumber, message: message)
        }
        parser.abortParsing()
    }

    func parser(
        _ parser: XMLParser,
        didStartElement elementName: String,
        namespaceURI: String?,
        qualifiedName qName: String?,
        attributes: [String: String] = [:]
    ) {
        depth += 1
        if depth == 1 {
            let root = kind.root
            if elementName != root.name || namespaceURI != root.namespace {
                fail(parser, "expected root <\(root.name)> in \(root.namespace), found <\(elementName)>")
            }
            return
        }
        func required(_ name: String) -> String? {
            guard let value = attributes[name] else {
                fail(parser, "<\(elementName)> lacks attribute \(name)")
                return nil
            }
            return value
        }
        switch (kind, elementName) {
        case (.majors, "category"):
            categoryName = attributes["name"] ?? ""
        case (.majors, "class"):
            classCode = attributes["code"] ?? ""
        case (.majors, "major"):
            guard let code = required("code"), let name = required("name"), let raw = required("level") else { return }
            guard let level = GeneratorInputs.Level(rawValue: raw) else {
                fail(parser, "unknown level \(raw)")
                return
            }
            let cls = classCode.isEmpty ? String(code.prefix(4)) : classCode
            majors.append(.init(code: code, name: name, level: level, classCode: cls, categoryName: categoryName))
        case (.majors, "occupation") where depth == 5:
            // The illustrative world is drawn from the MoE's links only, not from our derived ones.
            guard attributes["derived"] != "true" else { return }
            if let code = required("code"), !majors.isEmpty { majors[majors.count - 1].occupations.append(code) }
        case (.occupations, "occupation") where depth == 2:
            guard let code = required("code"), let name = required("name") else { return }
            occupations.append(.init(code: code, name: name))
        case (.clusters, "cluster") where depth == 2:
            guard let id = required("id"), let system = required("system"), let tier = required("tier"),
                let name = required("name")
            else { return }
            clusters.append(.init(id: id, system: system, tier: tier, name: name))
        case (.clusters, "occupation") where depth == 3:
            if let code = required("code"), !clusters.isEmpty { clusters[clusters.count - 1].occupations.append(code) }
        case (_, "term") where attributes["derived"] != "true":
            inTerm = true
            text = ""
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inTerm { text += string }
    }

    func parser(
        _ parser: XMLParser,
        didEndElement elementName: String,
        namespaceURI: String?,
        qualifiedName qName: String?
    ) {
        defer { depth -= 1 }
        guard inTerm, elementName == "term" else { return }
        inTerm = false
        let term = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !term.isEmpty else { return }
        switch kind {
        case .majors where depth == 5 && !majors.isEmpty: majors[majors.count - 1].terms.append(term)
        case .occupations where depth == 3 && !occupations.isEmpty:
            occupations[occupations.count - 1].terms.append(term)
        case .clusters where depth == 3 && !clusters.isEmpty: clusters[clusters.count - 1].terms.append(term)
        default: break
        }
    }
}
