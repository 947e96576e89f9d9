import Catalog
import Foundation
import NIOCore
import Workbook

/// An .xlsx submission body (a template filled in Excel or LibreOffice) turned into the XML the
/// server stores and plans from, checked once as the route's kind so that its errors name cells
/// (`upload.xlsx:program!C17`).
enum WorkbookBody {
    /// The media type of an .xlsx body.
    static let mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    /// The name errors give the workbook.
    static let name = "upload.xlsx"

    /// The body as a document of `kind`, to store as its XML (one element per line, as `chanjiao
    /// import-xlsx` writes it) with the conversion kept to locate later diagnostics; a 422 with cell-located diagnostics when the workbook is of
    /// the other form (a demand workbook sent to a programs route) or it or its records are invalid.
    /// `maxBytes` bounds the .xlsx body; the XML it inflates to is bounded by `WorkbookLimits`' part
    /// and total sizes, not by `maxBytes` (a workbook under the body limit is not refused for the
    /// size of its XML).
    static func check(_ body: ByteBuffer, kind: DocumentKind, base: CatalogBase, maxBytes: Int) throws(ResponseError) -> SubmittedBody {
        var limits = WorkbookLimits()
        limits.maxFileBytes = maxBytes
        let imp = WorkbookImporter.convert(
            data: Data(body.readableBytesView), name: name, limits: limits, expecting: WorkbookForm(kind: kind))
        if imp.hasErrors { throw ResponseError(HTTPMapping.diagnostics(imp.diagnostics)) }
        let result = imp.xml.withUnsafeBytes { raw in
            SubmissionCheck.check(raw, kind: kind, base: base, maxBytes: max(maxBytes, imp.xml.count))
        }
        switch result {
        case .success(let checked):
            return SubmittedBody(kind: kind, body: ByteBuffer(bytes: imp.document), checked: checked, workbook: imp)
        case .failure(let list): throw ResponseError(HTTPMapping.diagnostics(located(list, in: imp, kind: kind)))
        }
    }

    /// `list` (diagnostics on the XML `imp` converted to a document of `kind`) moved to the cells
    /// they are about.
    static func located(_ list: DiagnosticList, in imp: WorkbookImport, kind: DocumentKind) -> [Diagnostic] {
        let xmlName = SubmissionCheck.fileName(kind)
        return list.diagnostics.map { d in
            var d = imp.locate(d)
            d.message = imp.rewrite(d.message, mentioning: xmlName)
            return d
        }
    }
}

/// A submission body read and checked once: the bytes to store, what the check found, and for an
/// .xlsx body its conversion.
struct SubmittedBody {
    var kind: DocumentKind
    var body: ByteBuffer
    var checked: CheckedSubmission
    var workbook: WorkbookImport?

    /// `list`, found after the check (a programs body for another college), as the response gives
    /// it: for an .xlsx body at the cells it is about.
    func located(_ list: DiagnosticList) -> [Diagnostic] {
        guard let workbook else { return list.diagnostics }
        return WorkbookBody.located(list, in: workbook, kind: kind)
    }
}
