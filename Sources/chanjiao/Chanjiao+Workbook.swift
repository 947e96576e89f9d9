public import ArgumentParser
import Catalog
import Foundation
import Reports
import Workbook

extension InputOptions {
    /// The bounds of an .xlsx input: the file as large as `--max-size` allows, the rest as `WorkbookLimits` sets.
    var workbookLimits: WorkbookLimits {
        var limits = WorkbookLimits()
        limits.maxFileBytes = ingest.maxBytes
        return limits
    }
}

extension WorkbookForm: ExpressibleByArgument {}

/// Whether a path names an .xlsx workbook (by its extension).
func isWorkbook(_ path: String) -> Bool { path.lowercased().hasSuffix(".xlsx") }

/// Loads `paths` as `InputOptions.loader()` does, every .xlsx file among them first converted to
/// the project's XML in memory and loaded from it under the workbook's own name (no file is
/// written); the diagnostics of a converted file point at its cells (`file.xlsx:program!C17`).
/// A workbook already converted (by path in `converted`) is not converted again.
func loadResolvingWorkbooks(
    _ paths: [String], input: InputOptions, converted done: [String: WorkbookImport] = [:]
) -> CatalogLoader.Result {
    guard paths.contains(where: isWorkbook) else { return input.loader().load(paths) }
    var converted: [String: WorkbookImport] = [:]
    var early: [Diagnostic] = []
    var loadPaths: [String] = []
    for path in paths {
        guard isWorkbook(path) else {
            loadPaths.append(path)
            continue
        }
        let imp = converted[path] ?? done[path] ?? WorkbookImporter.convert(path: path, limits: input.workbookLimits)
        early += imp.diagnostics
        guard !imp.hasErrors else { continue }
        converted[path] = imp
        loadPaths.append(path)
    }
    var result = input.loader().load(loadPaths, documents: converted.mapValues(\.xml))
    result.diagnostics =
        early
        + result.diagnostics.map { d in
            var d = converted[d.file].map { $0.locate(d) } ?? d
            for (path, imp) in converted where d.message.contains(path + ":") { d.message = imp.rewrite(d.message, mentioning: path) }
            return d
        }
    return result
}

/// A report's tables as one workbook file named `name`.
func reportWorkbook(_ files: [ReportFile], name: String) throws -> ReportFile {
    let book = ReportWorkbook.workbook(files.map { ($0.name, $0.bytes) })
    return ReportFile(name: name, bytes: try book.xlsx())
}

extension Chanjiao {
    /// `chanjiao template colleges|demand --out FILE.xlsx`: a blank workbook to fill.
    struct Template: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a blank .xlsx workbook to fill with colleges' programs or an industry body's demand.",
            discussion:
                "One sheet per record kind, Chinese headers with the XML attribute names, drop-down lists (levels, role levels, the districts and clusters of the catalogs in scope) and a 说明 sheet."
        )

        @Argument(help: "colleges or demand.")
        var kind: WorkbookForm

        @Argument(help: "Files or directories whose clusters and districts fill the lists (default: the shipped Catalogs).")
        var paths: [String] = []

        @Option(help: "The workbook to write (.xlsx).")
        var out: String

        @OptionGroup var input: InputOptions

        func run() throws {
            var scope = paths
            if scope.isEmpty, let dir = input.catalogs ?? CatalogLoader.defaultReferenceDirectory() { scope = [dir] }
            var trusted = input.ingest
            trusted.validate = false
            let result = CatalogLoader(options: trusted, referenceDirectory: input.catalogs ?? CatalogLoader.defaultReferenceDirectory())
                .load(scope)
            let errors = result.diagnostics.filter { $0.severity == .error }
            if !errors.isEmpty {
                printDiagnostics(errors)
                throw ExitCode(1)
            }
            let set = result.set
            let districts = Set(set.colleges.map(\.district) + set.demands.compactMap(\.district) + set.roles.compactMap(\.district))
                .filter { !$0.isEmpty }.sorted()
            let clusters = set.clusters.map { TemplateWriter.Choice(id: $0.id, name: $0.name) }
            let bytes = try TemplateWriter.workbook(kind, districts: districts, clusters: clusters).xlsx()
            let url = URL(fileURLWithPath: out)
            try writeAtomically([ReportFile(name: url.lastPathComponent, bytes: bytes)], into: url.deletingLastPathComponent().path)
            var e = StandardError()
            print("template \(kind.rawValue): \(districts.count) districts, \(clusters.count) clusters → \(out)", to: &e)
        }
    }

    /// `chanjiao import-xlsx FILE.xlsx --out FILE.xml`: a filled workbook as the project's XML.
    struct ImportXlsx: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-xlsx",
            abstract: "Convert a filled .xlsx workbook (from `chanjiao template`) to Chanjiao XML, checked like `validate`.",
            discussion:
                "Errors point at cells (file.xlsx:program!C17: error: …); the XML is written only when there is none. Exit 0 valid, 1 invalid, 2 usage."
        )

        @Argument(help: "The .xlsx workbook.")
        var file: String

        @Option(help: "The XML file to write.")
        var out: String

        @OptionGroup var input: InputOptions

        func run() throws {
            let imp = WorkbookImporter.convert(path: file, limits: input.workbookLimits)
            var diagnostics = imp.diagnostics
            if !imp.hasErrors {
                // The load reports the conversion's own diagnostics first, then the XSD's and links'.
                diagnostics = loadResolvingWorkbooks([file], input: input, converted: [file: imp]).diagnostics
            }
            printDiagnostics(diagnostics)
            let errors = diagnostics.filter { $0.severity == .error }.count
            var e = StandardError()
            print("\(file): \(errors) error(s), \(diagnostics.count - errors) warning(s)", to: &e)
            if errors > 0 { throw ExitCode(1) }
            let url = URL(fileURLWithPath: out)
            try writeAtomically([ReportFile(name: url.lastPathComponent, bytes: imp.document)], into: url.deletingLastPathComponent().path)
        }
    }
}
