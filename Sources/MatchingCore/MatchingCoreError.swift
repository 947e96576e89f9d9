// MatchingCore: integer ids, sparse vectors, inverted index, top-k, min-cost flow, b-matching and
// deferred acceptance. It knows nothing of majors or colleges; Planner gives it meaning.

/// The one error type of MatchingCore: every failure carries the ids or the line it concerns.
public enum MatchingCoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A node id outside `0..<nodeCount`.
    case nodeOutOfRange(node: Int, nodeCount: Int)
    /// An arc whose capacity is below its lower bound.
    case invalidBounds(arc: Int, lower: Int64, upper: Int64)
    /// A quantity (cost, supply, potential bound) does not fit in Int64.
    case arithmeticOverflow(String)
    /// A malformed DIMACS line, with its 1-based line number.
    case dimacs(line: Int, message: String)
    /// An optimality certificate that does not hold, with the reason.
    case certificate(String)
    /// An argument outside its documented domain.
    case invalidArgument(String)

    /// A one-line, human-readable message.
    public var description: String {
        switch self {
        case .nodeOutOfRange(let node, let count):
            return "node \(node) is out of range 0..<\(count)"
        case .invalidBounds(let arc, let lower, let upper):
            return "arc \(arc): capacity \(upper) is below lower bound \(lower)"
        case .arithmeticOverflow(let what):
            return "arithmetic overflow: \(what)"
        case .dimacs(let line, let message):
            return "line \(line): \(message)"
        case .certificate(let why):
            return "optimality certificate fails: \(why)"
        case .invalidArgument(let why):
            return "invalid argument: \(why)"
        }
    }
}
