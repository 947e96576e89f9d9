import Catalog
public import Foundation

/// Converts .xlsx workbooks filled from `chanjiao template` into the project's XML.
public enum WorkbookImporter {
    /// The sheets Chanjiao writes into its own workbooks and reads past: the read-me and the lists.
    static let ownSheets: Set<String> = [TemplateWriter.readmeName, TemplateWriter.listsName]

    /// The most diagnostics one workbook reports (then a count), as for an XML file.
    static let diagnosticLimit = 100

    /// Reads the file at `path` (named `name` in diagnostics); with `expecting`, a workbook of the
    /// other form is an error.
    public static func convert(
        path: String, name: String? = nil, limits: WorkbookLimits = WorkbookLimits(), expecting: WorkbookForm? = nil
    ) -> WorkbookImport {
        let shown = name ?? path
        let url = URL(fileURLWithPath: path)
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > limits.maxFileBytes {
            var out = WorkbookImport(name: shown)
            out.diagnostics = [.whole(shown, Container.tooLarge(size, limits) + " (raise it with --max-size)")]
            return out
        }
        guard let data = try? Data(contentsOf: url) else {
            var out = WorkbookImport(name: shown)
            out.diagnostics = [.whole(shown, "cannot read the file")]
            return out
        }
        return convert(data: data, name: shown, limits: limits, expecting: expecting)
    }

    /// Converts the bytes of an .xlsx file named `name`; with `expecting`, a workbook of the other
    /// form is an error (a demand workbook sent where programs are taken).
    public static func convert(
        data: Data, name: String, limits: WorkbookLimits = WorkbookLimits(), expecting: WorkbookForm? = nil
    ) -> WorkbookImport {
        var out = WorkbookImport(name: name)
        let sheets: [StoredSheet]
        do {
            sheets = try WorkbookReader.read(data, name: name, limits: limits)
        } catch {
            out.diagnostics = error.diagnostics
            return out
        }
        var conversion = Conversion(name: name, sheets: sheets)
        conversion.run(expecting: expecting)
        out.form = conversion.form
        out.diagnostics = conversion.diagnostics
        // As for an XML file: the first 100, then a count.
        if out.diagnostics.count > diagnosticLimit {
            let dropped = out.diagnostics.count - diagnosticLimit
            let anyError = out.hasErrors
            out.diagnostics.removeLast(dropped)
            out.diagnostics.append(
                .whole(
                    name, "\(dropped) more diagnostics not shown (the first \(diagnosticLimit) are listed)",
                    severity: anyError ? .error : .warning))
        }
        if !out.hasErrors {
            out.xml = Array(conversion.xml.utf8)
            out.document = Array((conversion.compact + "\n").utf8)
            out.places = conversion.places
        }
        return out
    }
}
