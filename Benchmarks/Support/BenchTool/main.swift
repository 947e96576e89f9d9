// chanjiao-bench: exports the inputs that the peers read and times the Swift side of each pair.
// Every timing command prints one JSON object per line on stdout; the time covers the work only
// (not process start, not reading inputs), as the peers measure theirs.

import BenchSupport
import Catalog
import Foundation
import MatchingCore
import Planner

/// Wall and process CPU time of `body` (CPU time is what a loaded, shared machine distorts least).
struct Timing {
    var wall: Double
    var cpu: Double
}

func cpuNow() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

struct Clock {
    let wall = ContinuousClock()
    func measure(_ body: () throws -> Void) rethrows -> Timing {
        let c0 = cpuNow()
        let t = try wall.measure(body)
        return Timing(wall: seconds(t), cpu: cpuNow() - c0)
    }
}

let clock = Clock()

func seconds(_ t: Timing) -> Double { t.wall }

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("chanjiao-bench: \(message)\n".utf8))
    exit(2)
}

/// `--name value` options and positional arguments.
struct Arguments {
    var positional: [String] = []
    var options: [String: String] = [:]
    var flags: Set<String> = []

    init(_ args: ArraySlice<String>) {
        var i = args.startIndex
        while i < args.endIndex {
            let a = args[i]
            if a.hasPrefix("--") {
                let name = String(a.dropFirst(2))
                if i + 1 < args.endIndex, !args[i + 1].hasPrefix("--") {
                    options[name] = args[i + 1]
                    i += 2
                } else {
                    flags.insert(name)
                    i += 1
                }
            } else {
                positional.append(a)
                i += 1
            }
        }
    }

    func int(_ name: String, _ fallback: Int) -> Int { options[name].flatMap(Int.init) ?? fallback }
    func string(_ name: String) -> String {
        guard let v = options[name] else { fail("missing --\(name)") }
        return v
    }
    func argument(_ i: Int, _ what: String) -> String {
        guard i < positional.count else { fail("missing \(what)") }
        return positional[i]
    }
}

func emit(_ fields: [(String, Any)]) {
    let body = fields.map { key, value -> String in
        switch value {
        case let s as String: "\"\(key)\": \"\(s)\""
        default: "\"\(key)\": \(value)"
        }
    }.joined(separator: ", ")
    print("{\(body)}")
}

func readMatrices(_ path: String) -> [SparseMatrix] {
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
    var matrices: [SparseMatrix] = []
    data.withUnsafeBytes { raw in
        var at = 0
        func take<T>(_: T.Type, _ count: Int) -> [T] {
            let out = (0..<count).map { raw.loadUnaligned(fromByteOffset: at + $0 * MemoryLayout<T>.size, as: T.self) }
            at += count * MemoryLayout<T>.size
            return out
        }
        while at < raw.count {
            let header = take(Int64.self, 3)
            let rows = Int(header[0])
            let columns = Int(header[1])
            let nnz = Int(header[2])
            let start = take(Int64.self, rows + 1).map { Int($0) }
            let cols = take(Int32.self, nnz)
            let vals = take(Float.self, nnz)
            var b = SparseMatrix.Builder(columnCount: columns)
            for r in 0..<rows {
                for p in start[r]..<start[r + 1] { b.append(column: Int(cols[p]), value: vals[p]) }
                b.finishRow()
            }
            matrices.append(b.build())
        }
    }
    return matrices
}

let args = CommandLine.arguments
guard args.count >= 2 else {
    fail(
        "usage: chanjiao-bench ingest FILE [--trusted] [--runs N] | flow FILE [--runs N] | "
            + "export-dimacs --sources S --sinks T --arcs A OUT | export-vectors DIR OUT | "
            + "topk VECTORS --k K [--threads T] [--out FILE] [--runs N] | export-da --residents R --hospitals H "
            + "--length L OUT | da FILE [--out FILE] [--runs N] | plan DIR [--threads T]")
}
let a = Arguments(args.dropFirst(2))
let runs = a.int("runs", 1)

switch args[1] {
case "ingest":
    let file = a.argument(0, "FILE")
    let trusted = a.flags.contains("trusted")
    let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
    for _ in 0..<runs {
        var result: CatalogLoader.Result?
        let t = clock.measure { result = BenchInputs.ingest(file, validate: !trusted) }
        let r = result!
        if r.hasErrors { fail("\(file): \(r.diagnostics.prefix(3))") }
        let years = r.set.programs.reduce(0) { $0 + $1.history.count }
        let links = r.set.programs.reduce(0) { $0 + $1.occupations.count + $1.terms.count }
        emit([
            ("seconds", seconds(t)), ("cpu", t.cpu), ("bytes", bytes), ("colleges", r.set.colleges.count),
            ("programs", r.set.programs.count), ("years", years), ("links", links),
        ])
    }

case "export-dimacs":
    let out = a.argument(0, "OUT")
    let p = BenchInputs.transportation(
        sources: a.int("sources", 30_000), sinks: a.int("sinks", 10_000), arcsPerSource: a.int("arcs", 35),
        seed: UInt64(a.int("seed", 42)))
    try! DIMACS.write(p).write(toFile: out, atomically: true, encoding: .utf8)
    emit([("nodes", p.nodeCount), ("arcs", p.arcCount)])

case "flow":
    let file = a.argument(0, "FILE")
    guard let data = FileManager.default.contents(atPath: file) else { fail("cannot read \(file)") }
    let problem = try! DIMACS.readMinCostFlow([UInt8](data))
    for _ in 0..<runs {
        var result: MinCostFlowResult?
        let t = clock.measure { result = try! problem.solve() }
        let r = result!
        emit([
            ("seconds", seconds(t)), ("cpu", t.cpu), ("cost", r.totalCost), ("pivots", r.pivots),
            ("optimal", r.status == .optimal ? 1 : 0),
        ])
    }

case "export-vectors":
    let dir = a.argument(0, "DIR")
    let out = a.argument(1, "OUT")
    let loaded = BenchInputs.load([dir])
    if loaded.hasErrors { fail("\(dir): \(loaded.diagnostics.prefix(3))") }
    var space: MatchSpace?
    let t = clock.measure { space = MatchSpace(set: loaded.set, scoring: loaded.set.policy.scoring) }
    try! Export.writeMatrices([space!.profiles, space!.queries], to: out)
    emit([
        ("vectorize_seconds", seconds(t)), ("profiles", space!.profiles.rowCount),
        ("queries", space!.queries.rowCount), ("columns", space!.profiles.columnCount),
        ("profile_nnz", space!.profiles.nonzeroCount), ("query_nnz", space!.queries.nonzeroCount),
    ])

case "topk":
    let m = readMatrices(a.argument(0, "VECTORS"))
    let k = a.int("k", 50)
    let threads = a.int("threads", 1)
    var index: InvertedIndex?
    let tIndex = clock.measure { index = InvertedIndex(m[0]) }
    for run in 0..<runs {
        var result: TopKBatchResult?
        let t = clock.measure {
            result = index!.topKBatch(queries: m[1], k: k, floor: 0, threads: threads) { _ in 1 }
        }
        emit([("seconds", seconds(t)), ("cpu", t.cpu), ("index_seconds", seconds(tIndex)), ("results", result!.rows.count)])
        if run == 0, let out = a.options["out"] {
            var text = ""
            let r = result!
            for q in 0..<(r.offsets.count - 1) {
                text += (r.offsets[q]..<r.offsets[q + 1]).map { "\(r.rows[$0]):\(r.scores[$0])" }.joined(separator: " ")
                text += "\n"
            }
            try! text.write(toFile: out, atomically: true, encoding: .utf8)
        }
    }

case "export-da":
    let out = a.argument(0, "OUT")
    let da = BenchInputs.hospitalResident(
        residents: a.int("residents", 20_000), hospitals: a.int("hospitals", 500), listLength: a.int("length", 10),
        seed: UInt64(a.int("seed", 7)))
    try! Export.writeDeferredAcceptance(da, to: out)
    emit([("residents", da.proposerCount), ("hospitals", da.receiverCount), ("edges", da.edgeProposer.count)])

case "da":
    let da = try! Export.readDeferredAcceptance(a.argument(0, "FILE"))
    for run in 0..<runs {
        var result: DeferredAcceptanceResult?
        let t = clock.measure { result = try! da.solve() }
        let matched = result!.matchedEdges
        emit([("seconds", seconds(t)), ("cpu", t.cpu), ("matched", matched.count), ("proposals", result!.proposals)])
        if run == 0, let out = a.options["out"] {
            let pairs = matched.map { "\(da.edgeProposer[$0]) \(da.edgeReceiver[$0])" }.sorted()
            try! (pairs.joined(separator: "\n") + "\n").write(toFile: out, atomically: true, encoding: .utf8)
        }
    }

case "plan":
    let dir = a.argument(0, "DIR")
    let threads = a.int("threads", 1)
    for _ in 0..<runs {
        var loaded: CatalogLoader.Result?
        let tLoad = clock.measure { loaded = BenchInputs.load([dir]) }
        let set = loaded!.set
        var plan: Plan?
        let tPlan = clock.measure { plan = try! Planner(policy: set.policy, threads: threads).plan(set) }
        emit([
            ("load_seconds", seconds(tLoad)), ("plan_seconds", seconds(tPlan)), ("programs", set.programs.count),
            ("roles", set.roles.count), ("edges", plan!.candidateEdges), ("objective", plan!.objective),
        ])
    }

case "plan-phases":
    // Where a plan's time goes: load, vector space, candidate retrieval, then the whole plan again
    // (allocation, advice and pairing are internal to Planner; their share is the remainder).
    let dir = a.argument(0, "DIR")
    let threads = a.int("threads", 1)
    var loaded: CatalogLoader.Result?
    let tLoad = clock.measure { loaded = BenchInputs.load([dir]) }
    let set = loaded!.set
    var space: MatchSpace?
    let tSpace = clock.measure { space = MatchSpace(set: set, scoring: set.policy.scoring) }
    var edges: CandidateEdges?
    let tEdges = clock.measure { edges = space!.candidates(set: set, threads: threads) }
    var plan: Plan?
    let tPlan =
        a.flags.contains("no-plan")
        ? Timing(wall: 0, cpu: 0) : clock.measure { plan = try! Planner(policy: set.policy, threads: threads).plan(set) }
    emit([
        ("load_seconds", seconds(tLoad)), ("load_cpu", tLoad.cpu), ("vectorize_seconds", seconds(tSpace)), ("vectorize_cpu", tSpace.cpu),
        ("candidates_seconds", seconds(tEdges)), ("candidates_cpu", tEdges.cpu), ("plan_seconds", seconds(tPlan)), ("plan_cpu", tPlan.cpu),
        ("programs", set.programs.count), ("roles", set.roles.count), ("profiles", space!.profiles.rowCount),
        ("edges", edges!.count), ("objective", plan?.objective ?? 0),
    ])

default:
    fail("unknown command \(args[1])")
}
