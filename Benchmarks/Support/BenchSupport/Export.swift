import Foundation
public import MatchingCore

/// Files that the peers read: the same inputs for both sides of a pair.
public enum Export {
    /// Writes two CSR matrices (profiles, then queries) as little-endian binary:
    /// per matrix `rows, columns, nnz` (Int64), `rowStart` (Int64 × rows+1), `columns` (Int32 × nnz),
    /// `values` (Float32 × nnz).
    /// - Complexity: O(rows + nnz).
    public static func writeMatrices(_ matrices: [SparseMatrix], to path: String) throws {
        var data = Data()
        func append<T>(_ values: some Sequence<T>) {
            for var v in values { withUnsafeBytes(of: &v) { data.append(contentsOf: $0) } }
        }
        for m in matrices {
            append([Int64(m.rowCount), Int64(m.columnCount), Int64(m.nonzeroCount)])
            append(m.rowStart.map { Int64($0) })
            append(m.columns)
            append(m.values)
        }
        try data.write(to: URL(fileURLWithPath: path))
    }

    /// Writes a deferred-acceptance instance: `h QUOTA` per receiver, then `e PROPOSER RECEIVER WP WR`
    /// per edge (0-based), after a first line `da PROPOSERS RECEIVERS EDGES`.
    /// - Complexity: O(edges).
    public static func writeDeferredAcceptance(_ da: DeferredAcceptance, to path: String) throws {
        var out = "da \(da.proposerCount) \(da.receiverCount) \(da.edgeProposer.count)\n"
        out.reserveCapacity(da.edgeProposer.count * 24)
        for h in 0..<da.receiverCount { out += "h \(da.receiverQuota[h])\n" }
        for e in 0..<da.edgeProposer.count {
            out += "e \(da.edgeProposer[e]) \(da.edgeReceiver[e]) \(da.proposerWeight[e]) \(da.receiverWeight[e])\n"
        }
        try out.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Reads what `writeDeferredAcceptance` wrote.
    public static func readDeferredAcceptance(_ path: String) throws -> DeferredAcceptance {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var da: DeferredAcceptance?
        var h = 0
        for line in text.split(separator: "\n") {
            let f = line.split(separator: " ")
            switch f[0] {
            case "da":
                da = DeferredAcceptance(proposerCount: Int(f[1])!, receiverCount: Int(f[2])!)
            case "h":
                try da!.setReceiverQuota(h, Int(f[1])!)
                h += 1
            default:
                try da!.addEdge(
                    proposer: Int(f[1])!, receiver: Int(f[2])!, proposerWeight: Int64(f[3])!,
                    receiverWeight: Int64(f[4])!)
            }
        }
        return da!
    }
}
