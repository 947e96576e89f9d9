public import Catalog

/// Why the server could not start.
public enum ServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The shipped catalogs are missing or invalid.
    case catalogs([Diagnostic])

    /// A message for people, one diagnostic per line.
    public var description: String {
        switch self {
        case .catalogs(let d): "the catalogs could not be loaded:\n" + d.map(\.description).joined(separator: "\n")
        }
    }
}
