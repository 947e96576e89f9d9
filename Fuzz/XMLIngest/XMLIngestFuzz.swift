// libFuzzer entry point over the XML ingest. Compiled into the `Catalog` module together with
// Sources/Catalog/*.swift by Scripts/fuzz.sh (no Swift Package Manager involved), so it sees the
// same code the CLI and the server run.

/// Parses `data` as a Chanjiao document twice, validated and trusted, as `chanjiao validate`
/// and `chanjiao validate --no-validate` would; then links the result.
///
/// Any crash, sanitizer report, timeout or leak is a finding. Limits are smaller than the
/// defaults so that the fuzzer spends its time on structure, not on size.
@_cdecl("LLVMFuzzerTestOneInput")
public func chanjiaoXMLIngestFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    for validate in [true, false] {
        var set = CatalogSet()
        let options = IngestOptions(validate: validate, maxBytes: 1 << 20, maxDepth: 32, diagnosticLimit: 20)
        let (_, diagnostics) = CatalogLoader.parse(bytes: bytes, name: "fuzz.xml", into: &set, options: options)
        _ = CatalogLoader.link(&set)
        // Every diagnostic must carry a usable location and a message.
        for d in diagnostics {
            precondition(d.line >= 0 && d.column >= 0, "negative location in \(d)")
            precondition(!d.message.isEmpty, "empty message")
        }
    }
    return 0
}
