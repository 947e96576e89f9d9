// CatalogImport: `chanjiao import-moe` builds the real catalogs (majors, occupations, clusters)
// from the repository's tables in Catalogs/sources, and cuts those tables from the full source
// folder (`--texts`). Foundation only; the XML is written as text.

/// An import failure with the file and, where known, the line it happened at.
public struct CatalogImportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file the error is about (a path as given).
    public var file: String
    /// The 1-based line in `file`, or nil when the error is not tied to a line.
    public var line: Int?
    /// What went wrong, for people.
    public var message: String

    /// Creates an error about `file` (and `line`, when known).
    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message`, the form the CLI prints.
    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
