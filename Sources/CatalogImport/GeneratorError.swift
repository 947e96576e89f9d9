/// Why `chanjiao generate` could not read its catalogs or write its output.
public enum GeneratorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A catalog file could not be read.
    case missingInput(path: String)
    /// A catalog file is not well-formed, not of the expected kind, or breaks a rule of the
    /// catalog reader, at a 1-based line and column.
    case invalidInput(path: String, line: Int, column: Int, message: String)
    /// The catalogs lack what the generator needs (e.g. no major at some level).
    case insufficientInput(String)
    /// An output file could not be created, written or moved into place.
    case output(path: String, message: String)

    /// A one-line message for people, with the file (and line and column) concerned.
    public var description: String {
        switch self {
        case .missingInput(let path): "\(path): cannot read catalog file"
        case .invalidInput(let path, let line, let column, let message): "\(path):\(line):\(column): \(message)"
        case .insufficientInput(let message): "catalogs insufficient: \(message)"
        case .output(let path, let message): "\(path): \(message)"
        }
    }
}
