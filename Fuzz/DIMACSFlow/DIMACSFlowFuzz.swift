// libFuzzer entry point over the DIMACS reader and the min-cost flow solver. Compiled into the
// `MatchingCore` module together with Sources/MatchingCore/*.swift by Scripts/fuzz.sh.

/// Reads `data` as DIMACS; when it parses and is small, solves it and checks the certificate.
///
/// A parse error or an overflow error is a fine outcome; a crash, a sanitizer report, a timeout,
/// a certificate that fails, or a write → read round trip that changes the problem is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func chanjiaoDIMACSFlowFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let problem: MinCostFlow
    do {
        problem = try DIMACS.readMinCostFlow(bytes)
    } catch {
        guard case .dimacs(let line, let message) = error else {
            preconditionFailure("the reader threw a non-DIMACS error: \(error)")
        }
        precondition(line >= 1 && !message.isEmpty, "bad DIMACS error \(error)")
        return 0
    }
    let reread = try? DIMACS.readMinCostFlow(text: DIMACS.write(problem))
    precondition(reread == problem, "write → read does not round-trip")
    guard problem.nodeCount <= 64, problem.arcCount <= 256 else { return 0 }
    let result: MinCostFlowResult
    do {
        result = try problem.solve()
    } catch {
        guard case .arithmeticOverflow = error else { preconditionFailure("solve threw \(error)") }
        return 0
    }
    do {
        try problem.verifyOptimality(result)
    } catch {
        preconditionFailure("certificate fails: \(error)\n\(DIMACS.write(problem))")
    }
    return 0
}
