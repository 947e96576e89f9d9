/// A position in a file: 1-based line and column (in characters).
public struct SourcePosition: Sendable, Equatable, Hashable, Codable {
    /// 1-based line.
    public var line: Int32
    /// 1-based column in characters.
    public var column: Int32

    /// Creates a position.
    public init(line: Int32, column: Int32) {
        self.line = line
        self.column = column
    }
}
