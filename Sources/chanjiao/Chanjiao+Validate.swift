import ArgumentParser
import Catalog
import Foundation
import Reports

extension Chanjiao {
    /// `chanjiao validate PATH…`: schema and link checks with located errors.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate Chanjiao XML files (files or directories of *.xml) and .xlsx workbooks.",
            discussion: "Exit 0 when valid (warnings allowed), 1 on any error, 2 on usage errors."
        )

        @Argument(help: "Files or directories (read recursively for *.xml).")
        var paths: [String]

        @Option(help: "Output format: text or json.")
        var format: OutputFormat = .text

        @OptionGroup var input: InputOptions

        enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
            case text, json
        }

        func validate() throws {
            if paths.isEmpty { throw ValidationError("give at least one file or directory") }
        }

        func run() throws {
            let result = loadResolvingWorkbooks(paths, input: input)
            switch format {
            case .text:
                printDiagnostics(result.diagnostics)
                let errors = result.diagnostics.filter { $0.severity == .error }.count
                let warnings = result.diagnostics.count - errors
                var stderr = StandardError()
                let read = result.set.files.count
                print("\(read) file(s) read: \(errors) error(s), \(warnings) warning(s)", to: &stderr)
            case .json:
                print(JSONText.diagnostics(result.diagnostics))
            }
            if result.hasErrors { throw ExitCode(1) }
        }
    }
}
