import Catalog
import Foundation
import Testing

@testable import Workbook

@Suite("Bounds of .xlsx input")
struct LimitTests {
    static func firstError(_ data: Data, limits: WorkbookLimits = WorkbookLimits()) -> String {
        let imp = WorkbookImporter.convert(data: data, name: "x.xlsx", limits: limits)
        return imp.diagnostics.first { $0.severity == .error }?.description ?? "no error"
    }

    @Test("a part that inflates far beyond its compressed size is refused while inflating (zip bomb)")
    func zipBombRatio() throws {
        let zeros = String(repeating: "0", count: 4 << 20)
        let data = try RawBook.zip([("xl/workbook.xml", "<workbook>" + zeros + "</workbook>")])
        #expect(data.count < 64 << 10)
        #expect(Self.firstError(data).hasPrefix("x.xlsx: error: part 'xl/workbook.xml' inflates more than 200 times"))
    }

    @Test("per-part and total inflated sizes are limits of their own")
    func inflatedSizes() throws {
        let big = String(repeating: "<a/>", count: 100_000)
        let data = try RawBook.zip([("xl/a.xml", big), ("xl/b.xml", big)], stored: true)
        var limits = WorkbookLimits()
        limits.maxPartBytes = 100_000
        #expect(Self.firstError(data, limits: limits).contains("inflates to more than 100000 bytes"))
        limits = WorkbookLimits()
        limits.maxTotalBytes = 500_000
        #expect(Self.firstError(data, limits: limits).contains("inflate to more than 500000 bytes in all"))
    }

    @Test("too many entries, paths leading out of the archive, absolute paths: refused before any XML is read")
    func entriesAndPaths() throws {
        let many = try RawBook.zip((0..<20).map { ("xl/p\($0).xml", "<a/>") })
        var limits = WorkbookLimits()
        limits.maxEntries = 10
        #expect(Self.firstError(many, limits: limits).contains("more than 10 entries"))
        #expect(Self.firstError(try RawBook.zip([("../evil.xml", "<a/>")])).contains("leads outside the archive"))
        #expect(Self.firstError(try RawBook.zip([("/etc/evil.xml", "<a/>")])).contains("absolute path"))
    }

    @Test("not a zip, a file over the size limit, a DOCTYPE in a part: located refusals")
    func otherRefusals() throws {
        #expect(Self.firstError(Data("a,b,c\n".utf8)).contains("not an .xlsx workbook"))
        var limits = WorkbookLimits()
        limits.maxFileBytes = 100
        let book = try RawBook.colleges(programRows: "")
        #expect(Self.firstError(book, limits: limits).contains("over the limit of 100 bytes"))
        let doctype = try RawBook.zip([
            ("xl/workbook.xml", "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><workbook/>"),
            ("xl/_rels/workbook.xml.rels", "<Relationships/>"),
        ])
        #expect(Self.firstError(doctype).contains("DOCTYPE declarations are not allowed"))
    }

    @Test("a stored (uncompressed) part whose bytes were changed is refused by its CRC-32")
    func storedPartCRC() throws {
        let stored = try RawBook.book([("college", false, RawBook.collegeSheet)], stored: true)
        let good = WorkbookImporter.convert(data: stored, name: "x.xlsx")
        #expect(!good.hasErrors, "\(good.diagnostics)")
        // T01 → T02 in the sheet's own bytes: still a valid workbook, caught only by the CRC-32.
        var damaged = [UInt8](stored)
        let at = try #require(damaged.indices.first { i in damaged[i...].starts(with: Array("T01".utf8)) })
        damaged[at + 2] = UInt8(ascii: "2")
        #expect(Self.firstError(Data(damaged)).contains("cannot be read: the part's CRC-32 differs from its header"))
    }
}
