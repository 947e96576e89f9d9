import Catalog
import Foundation
import NIOCore
import Workbook

/// An .xlsx submission body (a template filled in Excel or LibreOffice) turned into the XML the
/// server stores and plans from, checked first so that its errors name cells (`upload.xlsx:program!C17`).
enum WorkbookBody {
    /// The media type of an .xlsx body.
    static let mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    /// The name errors give the workbook.
    static let name = "upload.xlsx"

    /// The body's XML (one element per line, as `chanjiao import-xlsx` writes it); a 422 with
    /// cell-located diagnostics when the workbook or its records are invalid.
    static func xml(_ body: ByteBuffer, base: CatalogBase, maxBytes: Int) throws(ResponseError) -> ByteBuffer {
        var limits = WorkbookLimits()
        limits.maxFileBytes = maxBytes
        let imp = WorkbookImporter.convert(data: Data(body.readableBytesView), name: name, limits: limits)
        if imp.hasErrors { throw ResponseError(HTTPMapping.diagnostics(imp.diagnostics)) }
        let kind: DocumentKind = imp.form == .demand ? .demand : .colleges
        let checked = imp.xml.withUnsafeBytes { raw in
            SubmissionCheck.check(raw, kind: kind, base: base, maxBytes: max(maxBytes, imp.xml.count))
        }
        if case .failure(let list) = checked {
            let xmlName = SubmissionCheck.fileName(kind)
            let located = list.diagnostics.map { d in
                var d = imp.locate(d)
                d.message = imp.rewrite(d.message, mentioning: xmlName)
                return d
            }
            throw ResponseError(HTTPMapping.diagnostics(located))
        }
        return ByteBuffer(bytes: imp.document)
    }
}
