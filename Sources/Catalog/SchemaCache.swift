import CLibXML2
import Foundation

/// Compiles each kind's embedded XSD once and shares the compiled schema between parses.
///
/// libxml2's compiled schemas are read-only after parsing, so validation contexts on several
/// threads may use one schema at the same time.
final class SchemaCache: @unchecked Sendable {
    static let shared = SchemaCache()

    private let lock = NSLock()
    private var compiled: [DocumentKind: xmlSchemaPtr] = [:]

    private init() {
        LibXML.prepareThread()
    }

    /// The compiled schema of `kind`; nil only if the embedded XSD failed to compile (a bug).
    func schema(for kind: DocumentKind) -> xmlSchemaPtr? {
        lock.lock()
        defer { lock.unlock() }
        if let s = compiled[kind] { return s }
        let text = kind.schemaText
        let schema: xmlSchemaPtr? = text.withCString { cs -> xmlSchemaPtr? in
            guard let pctxt = xmlSchemaNewMemParserCtxt(cs, Int32(strlen(cs))) else { return nil }
            defer { xmlSchemaFreeParserCtxt(pctxt) }
            var sink = chanjiao_error_sink(fn: nil, user: nil)
            chanjiao_schema_parser_set_errors(pctxt, &sink)
            return xmlSchemaParse(pctxt)
        }
        if let schema { compiled[kind] = schema }
        return schema
    }
}

/// libxml2's process-wide set-up, and the per-thread part of it.
enum LibXML {
    /// `xmlInitParser` once per process, before any thread parses (libxml2 asks for that).
    private static let initialized: Void = { xmlInitParser() }()

    /// Initialises libxml2 once, and silences its generic error output on the calling thread:
    /// that handler is a per-thread global in a threaded libxml2, so every parsing thread sets it.
    static func prepareThread() {
        _ = initialized
        chanjiao_silence_globals()
    }
}
