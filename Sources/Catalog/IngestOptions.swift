/// Limits and switches for reading input files.
public struct IngestOptions: Sendable, Equatable {
    /// Validate against the kind's XSD in the same pass (the default); off only for trusted input.
    public var validate: Bool
    /// Refuse files larger than this many bytes.
    public var maxBytes: Int
    /// Refuse elements nested deeper than this.
    public var maxDepth: Int
    /// Keep at most this many diagnostics per file, then print a count.
    public var diagnosticLimit: Int

    /// The secure defaults: validated, 256 MiB, depth 32, 100 diagnostics per file.
    public init(validate: Bool = true, maxBytes: Int = 256 << 20, maxDepth: Int = 32, diagnosticLimit: Int = 100) {
        self.validate = validate
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.diagnosticLimit = diagnosticLimit
    }
}
