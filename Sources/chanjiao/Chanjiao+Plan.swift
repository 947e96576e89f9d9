import ArgumentParser
import Catalog
import Foundation
import MatchingCore
import Parallel
import Planner
import Reports

#if canImport(Glibc)
    import Glibc
#endif

/// Step messages on stderr while a long command runs, only when stderr is a terminal.
struct Progress {
    let enabled = isatty(2) != 0
    let clock = ContinuousClock()
    var started: ContinuousClock.Instant

    init() { started = clock.now }

    mutating func step(_ name: String) {
        guard enabled else { return }
        var e = StandardError()
        let t = clock.now - started
        print("\r\u{1B}[2K[\(t.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow)))] \(name)…", terminator: "", to: &e)
    }

    func done() {
        guard enabled else { return }
        var e = StandardError()
        print("\r\u{1B}[2K", terminator: "", to: &e)
    }
}

/// Options of the commands that plan.
struct PlanOptions: ParsableArguments {
    @Option(help: "A policy file (urn:chanjiao:policy:1); default: the last policy among the inputs, else built-in defaults.")
    var policy: String?

    @Option(help: "Worker threads for candidate retrieval (outputs are identical for any count).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
    }
}

/// Loads inputs and the policy, printing diagnostics; throws exit 1 on any error.
func loadInputs(_ paths: [String], input: InputOptions, planOptions: PlanOptions?) throws -> CatalogSet {
    var all = paths
    if let p = planOptions?.policy { all.append(p) }
    let result = loadResolvingWorkbooks(all, input: input)
    printDiagnostics(result.diagnostics)
    if result.hasErrors { throw ExitCode(1) }
    return result.set
}

/// Writes files into `dir` atomically (`AtomicFileWriter`): every file goes to a temporary name
/// first, and only when all are written are they renamed into place, so a failed run leaves no
/// half-written output.
func writeAtomically(_ files: [ReportFile], into dir: String) throws {
    do {
        try AtomicFileWriter.write(files.map { ($0.name, $0.bytes) }, into: dir)
    } catch {
        throw ValidationError("\(error)")
    }
}

extension Chanjiao {
    /// `chanjiao plan PATH… --out DIR`: the whole plan and its reports.
    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Match programs to demand, allocate graduates, and write cards, openings and consortia.",
            discussion: "Writes plan.json, programs.csv, openings.csv, consortia.csv, report.md and report.html into --out."
        )

        @Argument(help: "Files or directories of catalogs, colleges, demand and policy XML.")
        var paths: [String]

        @Option(help: "Output directory.")
        var out: String

        @OptionGroup var planOptions: PlanOptions
        @OptionGroup var input: InputOptions

        @Flag(help: "Print the time of each step to stderr.")
        var timings = false

        @Flag(help: "Also write plan.xlsx: the tables as one workbook (a sheet per table, cards as cell colours).")
        var xlsx = false

        @Option(
            help: "Also write the allocation network to this file in DIMACS min-cost-flow form (for `chanjiao flow` and the benchmarks).")
        var writeNetwork: String?

        @Option(
            help:
                "A second policy file: plan the same inputs under it as well and write compare.json, compare.csv and a comparison section (方案对比) in report.html."
        )
        var scenario: String?

        @Option(
            help:
                "Graduation years to plan beyond this one (0: this year only); default: the policy's pipeline horizon (4 in the shipped policies, 0 built in)."
        )
        var horizon: Int?

        func validate() throws {
            let most = PipelinePolicy.maxHorizon
            if let h = horizon, !(0...most).contains(h) { throw ValidationError("--horizon must be between 0 and \(most)") }
        }

        func run() throws {
            var progress = Progress()
            let clock = ContinuousClock()
            var marks: [(String, Duration)] = []
            var last = clock.now
            func mark(_ name: String) {
                let now = clock.now
                marks.append((name, now - last))
                last = now
            }
            progress.step("reading and validating")
            // The scenario's policy first, so that a bad --scenario fails before any planning.
            let scenarioPolicy = try scenario.map { try loadScenarioPolicy($0, input: input) }
            let set = try loadInputs(paths, input: input, planOptions: planOptions)
            mark("read")
            progress.step("matching and allocating")
            var planner = Planner(policy: set.policy, threads: planOptions.threads)
            if let horizon { planner.policy.pipeline.horizon = horizon }
            let steps = StepClock()
            if timings { planner.onStep = { steps.mark($0) } }
            let network = Slots<MinCostFlow?>(count: 1)
            network.set(0, nil)
            if writeNetwork != nil { planner.onNetwork = { network.set(0, $0) } }
            let (plan, matching) = try planner.plan(set, reusing: nil)
            mark("plan (\(steps.summary))")
            var report = PlanReport(plan: plan)
            if let scenario, let scenarioPolicy {
                progress.step("planning the scenario")
                var other = Planner(policy: scenarioPolicy, threads: planOptions.threads)
                if let horizon { other.policy.pipeline.horizon = horizon }
                // With equal scoring (the shipped policies) the matching is not done again.
                let b = try other.plan(set, reusing: matching).plan
                let nameA = planOptions.policy.map { ($0 as NSString).lastPathComponent } ?? "A"
                report.comparison = ScenarioComparison(
                    a: plan, nameA: nameA, b: b, nameB: (scenario as NSString).lastPathComponent)
                mark("scenario")
            }
            progress.step("writing reports")
            var files = report.files()
            if xlsx { files.append(try reportWorkbook(files, name: "plan.xlsx")) }
            mark("render")
            try writeAtomically(files, into: out)
            if let path = writeNetwork, let net = network.get(0) {
                // After the reports, with the same temp-and-rename write (which also creates the
                // folder), so the network may go into --out.
                let url = URL(fileURLWithPath: path)
                try writeAtomically(
                    [ReportFile(name: url.lastPathComponent, bytes: Array(DIMACS.write(net).utf8))],
                    into: url.deletingLastPathComponent().path)
            }
            mark("write")
            progress.done()
            if timings {
                var e = StandardError()
                print(
                    marks.map { "\($0.0) \($0.1.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow)))" }.joined(
                        separator: ", "), to: &e)
            }
            var e = StandardError()
            let cards = Dictionary(grouping: plan.programs, by: \.card).mapValues(\.count)
            print(
                "plan: \(set.programs.count) programs, \(set.roles.count) roles (\(plan.rolesWithoutCandidates) without candidates), \(plan.candidateEdges) candidate edges, "
                    + "\(plan.flows.reduce(0) { $0 + Int($1.count) }) graduates allocated; green \(cards[.green] ?? 0), "
                    + "yellow \(cards[.yellow] ?? 0), red \(cards[.red] ?? 0); \(plan.openings.count) openings; "
                    + "\(plan.consortia.optimal.count) consortia → \(out)", to: &e)
        }
    }

    /// `chanjiao review --college ID PATH… --out DIR`: one college's review.
    struct Review: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write one college's review (the plan restricted to it).")

        @Option(help: "The college's id.")
        var college: String

        @Argument(help: "Files or directories of catalogs, colleges, demand and policy XML.")
        var paths: [String]

        @Option(help: "Output directory.")
        var out: String

        @OptionGroup var planOptions: PlanOptions
        @OptionGroup var input: InputOptions

        @Flag(help: "Also write review.xlsx: the review's tables as one workbook (cards as cell colours).")
        var xlsx = false

        func run() throws {
            let set = try loadInputs(paths, input: input, planOptions: planOptions)
            guard set.collegeIndex[college] != nil else {
                var e = StandardError()
                print("error: no college with id '\(college)' in the inputs", to: &e)
                throw ExitCode(1)
            }
            let plan = try Planner(policy: set.policy, threads: planOptions.threads).plan(set)
            var files = try PlanReport.review(plan: plan, college: college).files()
            if xlsx { files.append(try reportWorkbook(files, name: "review.xlsx")) }
            try writeAtomically(files, into: out)
        }
    }

    /// `chanjiao rank PATH… --top K [--explain] [--major CODE]`: for each role, the catalog's majors
    /// at its level by score, optionally with what each score rests on.
    struct Rank: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rank the catalog's majors for every role in the demand files given.",
            discussion: """
                TSV lines: role_id<TAB>rank<TAB>major_code<TAB>score. With --explain four more columns: the \
                occupation evidence (exactCode, sameMinorGroup, sameMiddleGroup, textOnly), the text part and \
                the occupation part of the score, and the shared text features with what each adds \
                (feature:contribution, best first). With --major CODE only that major is shown for each role \
                (rank 0 when it is not in the top K).
                """
        )

        @Argument(help: "Demand files (and optionally catalogs; the shipped ones are used otherwise).")
        var paths: [String]

        @Option(help: "Majors per role.")
        var top: Int = 10

        @Option(help: "tsv or json.")
        var format: Format = .tsv

        @Flag(
            help:
                "Leave the linked occupations' names and tasks out of the majors' documents (for evaluating against those links without leakage)."
        )
        var noLinkText = false

        @Flag(help: "Show what each score rests on: occupation evidence, text and occupation parts, shared features.")
        var explain = false

        @Option(help: "Show only this major (by code) for each role, explained.")
        var major: String?

        @OptionGroup var input: InputOptions

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case tsv, json
        }

        func run() throws {
            let set = try loadInputs(paths, input: input, planOptions: nil)
            let space = MatchSpace(set: set, scoring: set.policy.scoring, linkText: !noLinkText)
            var only: Int?
            if let major {
                guard let m = set.majors.firstIndex(where: { $0.code == major }) else {
                    var e = StandardError()
                    print("error: no major with code '\(major)' in the catalog", to: &e)
                    throw ExitCode(1)
                }
                only = m
            }
            let explaining = explain || only != nil
            let features = explaining ? space.vectorizer.featureTexts() : []
            var scratch = space.rankingScratch()
            var out = format == .json ? "[" : ""
            var firstRole = true
            func fixed(_ x: Float) -> String { String(format: "%.4f", x) }
            for (r, role) in set.roles.enumerated() {
                let ranked = space.rankMajors(role: r, level: role.educationLevel, k: top, floor: 1e-6, scratch: &scratch)
                var rows: [(rank: Int, major: Int, score: Float)] = ranked.enumerated().map { ($0 + 1, Int($1.row), $1.score) }
                if let only { rows = [rows.first { $0.major == only } ?? (0, only, .nan)] }
                let explained = rows.map { explaining ? space.explain(profile: $0.major, role: r, features: features) : nil }
                // A major outside the top K (rank 0) scores what its explanation adds up to.
                if let e = explained.first ?? nil, rows.count == 1, rows[0].score.isNaN { rows[0].score = e.textPart + e.occupationPart }
                if format == .tsv {
                    for (i, x) in rows.enumerated() {
                        out += "\(role.id)\t\(x.rank)\t\(set.majors[x.major].code)\t\(fixed(x.score))"
                        if let e = explained[i] {
                            let shared = e.sharedFeatures.prefix(12).map { "\($0.feature):\(fixed($0.contribution))" }
                            out +=
                                "\t\(e.evidence.rawValue)\t\(fixed(e.textPart))\t\(fixed(e.occupationPart))\t\(shared.joined(separator: " "))"
                        }
                        out += "\n"
                    }
                } else {
                    out += (firstRole ? "\n" : ",\n") + "  {\"role\": \(JSONText.quoted(role.id)), \"majors\": ["
                    out += rows.enumerated().map { i, x in
                        var o = "{\"major\": \(JSONText.quoted(set.majors[x.major].code)), \"score\": \(fixed(x.score))"
                        if let e = explained[i] {
                            let shared = e.sharedFeatures.prefix(12).map {
                                "{\"feature\": \(JSONText.quoted($0.feature)), \"contribution\": \(fixed($0.contribution))}"
                            }
                            o +=
                                ", \"rank\": \(x.rank), \"evidence\": \(JSONText.quoted(e.evidence.rawValue)), \"evidenceLabel\": \(JSONText.quoted(e.evidence.chinese))"
                            o +=
                                ", \"text\": \(fixed(e.textPart)), \"occupation\": \(fixed(e.occupationPart)), \"shared\": [\(shared.joined(separator: ", "))]"
                        }
                        return o + "}"
                    }.joined(separator: ", ")
                    out += "]}"
                    firstRole = false
                }
            }
            if format == .json { out += firstRole ? "]\n" : "\n]\n" }
            FileHandle.standardOutput.write(Data(out.utf8))
        }
    }
}

/// Records the time of named steps from any thread.
final class StepClock: @unchecked Sendable {
    private let lock = NSLock()
    private let clock = ContinuousClock()
    private var last: ContinuousClock.Instant
    private var marks: [(String, Duration)] = []

    init() { last = clock.now }

    func mark(_ name: String) {
        lock.lock()
        defer { lock.unlock() }
        let now = clock.now
        marks.append((name, now - last))
        last = now
    }

    var summary: String {
        lock.lock()
        defer { lock.unlock() }
        return marks.map { "\($0.0) \($0.1.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow)))" }
            .joined(separator: ", ")
    }
}
