public import Catalog
public import Foundation

/// The real catalogs the generator draws from: majors, occupations and clusters, in file order,
/// read by Catalog's ingest (`CatalogLoader`) into a `CatalogSet` and taken from there.
///
/// The catalogs are read trusted (not validated against the XSDs, as `chanjiao validate` does): the
/// reader's own checks still apply — well-formed XML, the root element and namespace of each file,
/// required attributes, major codes that fit their level and class — and the first error stops
/// the read, located at its file, line and column.
public struct GeneratorInputs: Sendable, Equatable {
    /// A major as the generator draws from it: a `Catalog.Major` with the MoE's occupation links
    /// and terms only (the project's derived ones are left out, so the illustrative world rests on
    /// the MoE's links) and its terms as text, which the synthesis writes out; kept as a type of
    /// its own for that narrower view and for the tests and fixtures that build one by hand.
    public struct Major: Sendable, Equatable {
        /// The six-digit code, optionally with a `K` suffix (e.g. `460301`).
        public var code: String
        /// The major's name (e.g. 机械制造及自动化).
        public var name: String
        /// The level the major is taught at.
        public var level: EducationLevel
        /// The four-digit 专业类 code.
        public var classCode: String
        /// The 专业大类 name (e.g. 装备制造大类); empty when the file gives none.
        public var categoryName: String
        /// Linked occupation codes (2022 dictionary) given by the MoE, in file order.
        public var occupations: [String]
        /// Skill terms (course names, short ability phrases) given by the MoE, in file order.
        public var terms: [String]

        /// Creates a major.
        public init(
            code: String,
            name: String,
            level: EducationLevel,
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

        /// The generator's view of `major`, its terms resolved in `table`.
        init(_ major: Catalog.Major, terms table: TermTable) {
            let derived = Set(major.derivedOccupationIndices)
            let links = major.occupations.indices.filter { !derived.contains($0) }.map { major.occupations[$0] }
            self.init(
                code: major.code, name: major.name, level: major.level,
                classCode: major.classCode.isEmpty ? String(major.code.prefix(4)) : major.classCode,
                categoryName: major.categoryName, occupations: links,
                terms: major.terms.filter { !$0.derived }.map { table[$0.term] })
        }
    }

    /// An occupation of the 2022 dictionary with its short task terms as text: the part of a
    /// `Catalog.Occupation` the generator reads, kept as a type for the fixtures that build one.
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

    /// An industry cluster (33618, 416 or future industry) with its occupations and terms as text:
    /// the part of a `Catalog.Cluster` the generator reads, kept as a type for the fixtures.
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

    /// The generator's view of the catalogs in `set`.
    public init(_ set: CatalogSet) {
        let table = set.terms
        self.init(
            majors: set.majors.map { Major($0, terms: table) },
            occupations: set.occupations.map { Occupation(code: $0.code, name: $0.name, terms: $0.terms.map { table[$0] }) },
            clusters: set.clusters.map {
                Cluster(
                    id: $0.id, system: $0.system, tier: $0.tier, name: $0.name, occupations: $0.occupations,
                    terms: $0.terms.map { table[$0] })
            })
    }

    /// Reads `majors.xml`, `occupations.xml` and `clusters.xml` from a catalog directory.
    public static func load(from directory: URL) throws(GeneratorError) -> GeneratorInputs {
        func read(_ name: String) throws(GeneratorError) -> (Data, String) {
            let url = directory.appendingPathComponent(name)
            do {
                return (try Data(contentsOf: url), url.path)
            } catch {
                throw GeneratorError.missingInput(path: url.path)
            }
        }
        let majors = try read("majors.xml")
        let occupations = try read("occupations.xml")
        let clusters = try read("clusters.xml")
        return try parse(
            majors: majors.0, occupations: occupations.0, clusters: clusters.0,
            names: (majors.1, occupations.1, clusters.1))
    }

    /// Parses the three catalog documents (XML in the `urn:chanjiao:*:1` formats), each named in
    /// errors as `names` gives it.
    public static func parse(
        majors: Data,
        occupations: Data,
        clusters: Data,
        names: (majors: String, occupations: String, clusters: String) = (
            "majors.xml", "occupations.xml", "clusters.xml"
        )
    ) throws(GeneratorError) -> GeneratorInputs {
        var set = CatalogSet()
        let documents: [(Data, String, DocumentKind)] = [
            (majors, names.majors, .majors), (occupations, names.occupations, .occupations),
            (clusters, names.clusters, .clusters),
        ]
        for (data, name, kind) in documents {
            let diagnostics = data.withUnsafeBytes {
                CatalogLoader.parse(bytes: $0, name: name, into: &set, options: IngestOptions(validate: false), expecting: kind).1
            }
            if let error = diagnostics.first(where: { $0.severity == .error }) {
                throw GeneratorError.invalidInput(path: error.file, line: error.line, column: error.column, message: error.message)
            }
        }
        return GeneratorInputs(set)
    }
}
