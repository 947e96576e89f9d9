/// Reader of DIMACS min-cost flow files.
///
/// Lines: `c …` comment, `p min NODES ARCS` (exactly once, before any `n`/`a`), `n ID SUPPLY`,
/// `a TAIL HEAD LOW CAP COST`; nodes are 1-based in the file and 0-based in the result; blank
/// lines are allowed. Supplies that do not sum to zero are accepted here and make the problem
/// infeasible when solved. A file may declare at most 2^24 nodes.
public enum DIMACS {
    /// Most nodes a file may declare (2^24): memory for nodes is taken before any line lists them.
    static let maxNodes = 1 << 24

    /// Parses a DIMACS min-cost flow file; errors are `.dimacs(line:message:)`.
    /// - Complexity: O(bytes).
    public static func readMinCostFlow(_ bytes: [UInt8]) throws(MatchingCoreError) -> MinCostFlow {
        do {
            return try bytes.withUnsafeBufferPointer { buffer in
                var parser = Parser(buffer)
                return try parser.run()
            }
        } catch let error as MatchingCoreError {
            throw error
        } catch {
            throw .invalidArgument("\(error)")
        }
    }

    /// Parses DIMACS text.
    /// - Complexity: O(bytes).
    public static func readMinCostFlow(text: String) throws(MatchingCoreError) -> MinCostFlow {
        try readMinCostFlow(Array(text.utf8))
    }

    /// Writes `problem` as DIMACS text (1-based nodes).
    /// - Complexity: O(n + m).
    public static func write(_ problem: MinCostFlow) -> String {
        var out = "p min \(problem.nodeCount) \(problem.arcCount)\n"
        for v in 0..<problem.nodeCount where problem.supply[v] != 0 {
            out += "n \(v + 1) \(problem.supply[v])\n"
        }
        for a in 0..<problem.arcCount {
            out += "a \(problem.tails[a] + 1) \(problem.heads[a] + 1) \(problem.lowers[a]) "
            out += "\(problem.capacities[a]) \(problem.costs[a])\n"
        }
        return out
    }

    struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0
        var line = 0
        var problem: MinCostFlow? = nil
        var problemLine = 0
        var expectedArcs = 0
        var supplyLine: [Int32] = []

        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        static let space: UInt8 = 0x20, tab: UInt8 = 0x09, newline: UInt8 = 0x0A, ret: UInt8 = 0x0D

        func isBlank(_ b: UInt8) -> Bool { b == Self.space || b == Self.tab || b == Self.ret }

        mutating func skipBlanks() {
            while position < bytes.count && isBlank(bytes[position]) { position += 1 }
        }

        var atEndOfLine: Bool { position >= bytes.count || bytes[position] == Self.newline }

        func fail(_ message: String) -> MatchingCoreError { .dimacs(line: line, message: message) }

        /// The current token (up to a blank or end of line), for messages.
        mutating func token() -> String {
            let start = position
            while !atEndOfLine && !isBlank(bytes[position]) { position += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        }

        mutating func integer(_ what: String) throws(MatchingCoreError) -> Int64 {
            skipBlanks()
            if atEndOfLine { throw fail("expected \(what), found end of line") }
            let start = position
            var negative = false
            if bytes[position] == UInt8(ascii: "-") || bytes[position] == UInt8(ascii: "+") {
                negative = bytes[position] == UInt8(ascii: "-")
                position += 1
            }
            var value: Int64 = 0
            var digits = 0
            var overflow = false
            while position < bytes.count {
                let d = bytes[position] &- UInt8(ascii: "0")
                guard d < 10 else { break }
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (a, o2) = negative ? m.subtractingReportingOverflow(Int64(d)) : m.addingReportingOverflow(Int64(d))
                overflow = overflow || o1 || o2
                value = a
                digits += 1
                position += 1
            }
            if digits == 0 || !(atEndOfLine || isBlank(bytes[position])) {
                position = start
                throw fail("expected an integer for \(what), found '\(token())'")
            }
            if overflow {
                position = start
                throw fail("\(what) '\(token())' does not fit in 64 bits")
            }
            return value
        }

        mutating func node(_ what: String, count: Int) throws(MatchingCoreError) -> Int {
            let v = try integer(what)
            guard v >= 1 && v <= Int64(count) else { throw fail("\(what) \(v) is out of range 1...\(count)") }
            return Int(v - 1)
        }

        mutating func endOfLine() throws(MatchingCoreError) {
            skipBlanks()
            if !atEndOfLine { throw fail("unexpected extra token '\(token())'") }
        }

        mutating func run() throws(MatchingCoreError) -> MinCostFlow {
            while position < bytes.count {
                line += 1
                try parseLine()
                while position < bytes.count && bytes[position] != Self.newline { position += 1 }
                position += 1  // past the newline
            }
            guard let problem else {
                throw MatchingCoreError.dimacs(line: Swift.max(line, 1), message: "missing 'p min NODES ARCS' line")
            }
            if problem.arcCount != expectedArcs {
                throw fail("the 'p' line (line \(problemLine)) declares \(expectedArcs) arcs but the file has \(problem.arcCount)")
            }
            return problem
        }

        mutating func parseLine() throws(MatchingCoreError) {
            skipBlanks()
            if atEndOfLine { return }
            let kind = bytes[position]
            position += 1
            if !atEndOfLine && !isBlank(bytes[position]) {
                position -= 1
                throw fail("unknown line type '\(token())'; expected c, p, n or a")
            }
            switch kind {
            case UInt8(ascii: "c"):
                return
            case UInt8(ascii: "p"):
                if problem != nil { throw fail("duplicate 'p' line (the first is line \(problemLine))") }
                skipBlanks()
                let type = token()
                guard type == "min" else { throw fail("expected problem type 'min', found '\(type)'") }
                let nodes = try integer("NODES")
                let arcs = try integer("ARCS")
                guard nodes >= 0 && nodes < Int64(Int32.max) else { throw fail("NODES \(nodes) is out of range") }
                guard arcs >= 0 && arcs < Int64(Int32.max) else { throw fail("ARCS \(arcs) is out of range") }
                // Nodes cost memory without a line each, so a two-line file could ask for gigabytes.
                guard nodes <= Int64(DIMACS.maxNodes) else {
                    throw fail("NODES \(nodes) is over the reader's limit of \(DIMACS.maxNodes)")
                }
                try endOfLine()
                var p = MinCostFlow(nodeCount: Int(nodes))
                // Every arc takes a line of at least 11 bytes, so reserve no more than the file can hold.
                p.reserveArcs(Swift.min(Int(arcs), bytes.count / 11 + 1))
                problem = p
                problemLine = line
                expectedArcs = Int(arcs)
                supplyLine = Array(repeating: 0, count: Int(nodes))
            case UInt8(ascii: "n"):
                guard problem != nil else { throw fail("'n' line before the 'p min NODES ARCS' line") }
                let v = try node("node ID", count: problem!.nodeCount)
                let s = try integer("SUPPLY")
                try endOfLine()
                if supplyLine[v] != 0 { throw fail("duplicate supply for node \(v + 1) (first at line \(supplyLine[v]))") }
                supplyLine[v] = Int32(truncatingIfNeeded: line)
                try? problem!.setSupply(v, s)
            case UInt8(ascii: "a"):
                guard problem != nil else { throw fail("'a' line before the 'p min NODES ARCS' line") }
                let n = problem!.nodeCount
                let t = try node("TAIL", count: n)
                let h = try node("HEAD", count: n)
                let low = try integer("LOW")
                let cap = try integer("CAP")
                let cost = try integer("COST")
                try endOfLine()
                guard cap >= low else { throw fail("CAP \(cap) is below LOW \(low)") }
                guard problem!.arcCount < expectedArcs else {
                    throw fail("more arcs than the \(expectedArcs) declared on the 'p' line (line \(problemLine))")
                }
                _ = try? problem!.addArc(from: t, to: h, lower: low, capacity: cap, cost: cost)
            default:
                position -= 1
                throw fail("unknown line type '\(token())'; expected c, p, n or a")
            }
        }
    }
}
