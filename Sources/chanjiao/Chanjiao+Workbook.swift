import ArgumentParser
import Catalog
import Foundation
import Reports
import Workbook

#if canImport(Glibc)
    import Glibc
#endif

extension InputOptions {
    /// The bounds of an .xlsx input: the file as large as `--max-size` allows, the rest as `WorkbookLimits` sets.
    var workbookLimits: WorkbookLimits {
        var limits = WorkbookLimits()
        limits.maxFileBytes = ingest.maxBytes
        return limits
    }
}

/// Whether a path names an .xlsx workbook (by its extension).
func isWorkbook(_ path: String) -> Bool { path.lowercased().hasSuffix(".xlsx") }

/// Loads `paths` as `InputOptions.loader()` does, first converting every .xlsx file among them to
/// the project's XML (in a temporary folder, removed afterwards); the diagnostics of a converted
/// file point at its cells (`file.xlsx:program!C17`), and the set names the .xlsx file.
func loadResolvingWorkbooks(_ paths: [String], input: InputOptions) -> CatalogLoader.Result {
    guard paths.contains(where: isWorkbook) else { return input.loader().load(paths) }
    let fm = FileManager.default
    let dir = fm.temporaryDirectory.appendingPathComponent("chanjiao-xlsx-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    defer { try? fm.removeItem(at: dir) }
    var converted: [String: WorkbookImport] = [:]
    var early: [Diagnostic] = []
    var loadPaths: [String] = []
    do {
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
    } catch {
        let d = Diagnostic(file: dir.path, line: 0, column: 0, severity: .error, message: "cannot create a temporary folder: \(error)")
        var result = input.loader().load(paths.filter { !isWorkbook($0) })
        result.diagnostics.insert(d, at: 0)
        return result
    }
    for (i, path) in paths.enumerated() {
        guard isWorkbook(path) else {
            loadPaths.append(path)
            continue
        }
        let imp = WorkbookImporter.convert(path: path, limits: input.workbookLimits)
        early += imp.diagnostics
        guard !imp.hasErrors else { continue }
        let temp = dir.appendingPathComponent("\(i).xml").path
        guard fm.createFile(atPath: temp, contents: Data(imp.xml)) else {
            early.append(Diagnostic(file: path, line: 0, column: 0, severity: .error, message: "cannot write the converted XML", cell: ""))
            continue
        }
        converted[temp] = imp
        loadPaths.append(temp)
    }
    var result = input.loader().load(loadPaths)
    result.diagnostics = early + result.diagnostics.map { d in
        var d = converted[d.file].map { $0.locate(d) } ?? d
        for (temp, imp) in converted where d.message.contains(temp) { d.message = imp.rewrite(d.message, mentioning: temp) }
        return d
    }
    for (i, f) in result.set.files.enumerated() {
        if let imp = converted[f] { result.set.files[i] = imp.name }
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
            discussion: "One sheet per record kind, Chinese headers with the XML attribute names, drop-down lists (levels, role levels, the districts and clusters of the catalogs in scope) and a 说明 sheet."
        )

        enum Kind: String, ExpressibleByArgument, CaseIterable {
            case colleges, demand
        }

        @Argument(help: "colleges or demand.")
        var kind: Kind

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
            let form: WorkbookForm = kind == .colleges ? .colleges : .demand
            let bytes = try TemplateWriter.workbook(form, districts: districts, clusters: clusters).xlsx()
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
            discussion: "Errors point at cells (file.xlsx:program!C17: error: …); the XML is written only when there is none. Exit 0 valid, 1 invalid, 2 usage."
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
                let result = loadResolvingWorkbooks([file], input: input)
                // The conversion's own warnings came back from the second conversion: keep one copy.
                diagnostics = result.diagnostics
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
