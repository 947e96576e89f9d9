/// Why a storage operation failed; wraps the database's message with what was being done.
public struct StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was being done, e.g. `open /tmp/x.sqlite`.
    public var operation: String
    /// The underlying message.
    public var message: String

    /// Creates an error.
    public init(operation: String, message: String) {
        self.operation = operation
        self.message = message
    }

    /// A one-line message.
    public var description: String { "\(operation): \(message)" }
}
