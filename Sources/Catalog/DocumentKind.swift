/// The six kinds of Chanjiao XML file, told apart by their root element and namespace.
public enum DocumentKind: String, CaseIterable, Sendable, Codable, Comparable {
    case majors
    case occupations
    case clusters
    case policy
    case colleges
    case demand

    /// `urn:chanjiao:KIND:1`.
    public var namespace: String { "urn:chanjiao:\(rawValue):1" }

    /// The root element's local name.
    public var rootName: String {
        switch self {
        case .majors: "majorCatalog"
        case .occupations: "occupationCatalog"
        case .clusters: "clusterCatalog"
        case .colleges: "colleges"
        case .demand: "demand"
        case .policy: "policy"
        }
    }

    /// The embedded XSD text.
    var schemaText: String {
        switch self {
        case .majors: EmbeddedSchemas.majors
        case .occupations: EmbeddedSchemas.occupations
        case .clusters: EmbeddedSchemas.clusters
        case .colleges: EmbeddedSchemas.colleges
        case .demand: EmbeddedSchemas.demand
        case .policy: EmbeddedSchemas.policy
        }
    }

    /// Reference files (catalogs, policy) sort before the files that point into them.
    var order: Int {
        switch self {
        case .majors: 0
        case .occupations: 1
        case .clusters: 2
        case .policy: 3
        case .colleges: 4
        case .demand: 5
        }
    }

    public static func < (a: DocumentKind, b: DocumentKind) -> Bool { a.order < b.order }

    /// The kind whose root is `local` in namespace `uri`, if any.
    static func matching(namespace uri: String, root local: String) -> DocumentKind? {
        allCases.first { $0.namespace == uri && $0.rootName == local }
    }

    /// A one-line list of the accepted roots, for error messages.
    static var acceptedRoots: String {
        allCases.map { "<\($0.rootName) xmlns=\"\($0.namespace)\">" }.joined(separator: ", ")
    }
}
