import ArgumentParser
import Catalog
import Foundation
import Planner
import Reports

extension Chanjiao {
    /// `chanjiao compare A B --out DIR`: two plan outputs side by side.
    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare two plans (two policies, demand variants or horizons) side by side.",
            discussion: """
                A and B are plan output folders (or their plan.json files). Writes compare.json, compare.csv and \
                compare.html into --out: cards that flip, enrolment changes, unmet demand by cluster, consortium changes. \
                To plan and compare in one run, use `chanjiao plan … --scenario POLICY`.
                """
        )

        @Argument(help: "The first plan: an output folder of `chanjiao plan`, or its plan.json.")
        var a: String

        @Argument(help: "The second plan.")
        var b: String

        @Option(help: "Output directory.")
        var out: String

        static func read(_ path: String) throws -> [UInt8] {
            var isDir: ObjCBool = false
            let file =
                FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
                ? (path as NSString).appendingPathComponent("plan.json") : path
            guard let data = FileManager.default.contents(atPath: file) else {
                var e = StandardError()
                print("error: cannot read \(file)", to: &e)
                throw ExitCode(1)
            }
            return Array(data)
        }

        func run() throws {
            let c: ScenarioComparison
            do {
                c = try ScenarioComparison(a: Self.read(a), nameA: a, b: Self.read(b), nameB: b)
            } catch let error as ComparisonError {
                var e = StandardError()
                print("error: \(error)", to: &e)
                throw ExitCode(1)
            }
            try writeAtomically(PlanReport.comparisonFiles(c), into: out)
            var e = StandardError()
            print(
                "compare: \(c.flips.count) cards flip, \(c.enrolment.count) enrolment changes differ, "
                    + "\(c.consortia.count) consortia differ → \(out)", to: &e)
        }
    }
}

/// Loads the policy of a `--scenario` file (the last policy in it), printing diagnostics; exit 1 on
/// errors. Only the given file (or the XML files of a folder) is read, without the reference
/// catalogs that `plan` reads beside its inputs: a policy links to nothing.
func loadScenarioPolicy(_ path: String, input: InputOptions) throws -> Policy {
    let result = CatalogLoader(options: input.ingest, referenceDirectory: nil).load([path])
    printDiagnostics(result.diagnostics)
    if result.hasErrors { throw ExitCode(1) }
    guard let policy = result.set.policies.last else {
        var e = StandardError()
        print("error: \(path): no policy (urn:chanjiao:policy:1) in the scenario file", to: &e)
        throw ExitCode(1)
    }
    return policy
}
