import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import Testing
import Workbook

@Suite("POST an .xlsx body (a filled template)")
struct WorkbookUploadTests {
    static let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    /// The demand template filled with one role of `headcount`.
    static func demandBook(headcount: String, major: String? = nil, skills: Int = 1) throws -> ByteBuffer {
        var book = TemplateWriter.workbook(.demand, districts: ["大足区"], clusters: [TemplateWriter.Choice(id: Fixture.cluster)])
        func fill(_ sheet: String, _ values: [WorkbookDocument.Value?]) {
            let i = book.sheets.firstIndex { $0.name == sheet }!
            book.sheets[i].rows.append(values.map { $0.map { WorkbookDocument.Cell($0) } })
        }
        fill("demand", [.text("T-X1"), .text(Fixture.body), .text(Fixture.cluster), nil, .text("2026"), .text("大足区")])
        fill("role", [.text("R1"), .text("镁冶炼工"), .text("6-17-06-03"), .text("operator"), .text(headcount), .text("secondary")])
        fill("skill", [.text("R1"), .text("操作破碎"), .number("2")])
        for i in 1..<max(1, skills) { fill("skill", [.text("R1"), .text("操作破碎工序第\(i)项"), .number("1")]) }
        return ByteBuffer(bytes: try book.xlsx())
    }

    @Test("demand as .xlsx: 201, stored as its XML; an invalid cell is a 422 naming the cell")
    func demandWorkbook() async throws {
        try await Fixture.withApp { client, tokens, repo in
            let r = try await client.execute(
                uri: "/v1/demand", method: .post, headers: Fixture.headers(token: tokens.industry, contentType: Self.xlsx),
                body: try Self.demandBook(headcount: "12"))
            #expect(r.status == .created, "\(r.text)")
            let rows = try await repo.submissions(after: 0, limit: 10)
            #expect(rows.map(\.key) == ["T-X1"])
            #expect(String(decoding: rows[0].body, as: UTF8.self).contains("<role id=\"R1\" name=\"镁冶炼工\""))

            let bad = try await client.execute(
                uri: "/v1/demand", method: .post, headers: Fixture.headers(token: tokens.industry, contentType: Self.xlsx),
                body: try Self.demandBook(headcount: "zwölf"))
            #expect(bad.status == .unprocessableContent)
            let list = try #require(try bad.json() as? [[String: Any]], "\(bad.text)")
            #expect(list.contains { $0["file"] as? String == "upload.xlsx" && $0["cell"] as? String == "role!E2" }, "\(bad.text)")

            let notZip = try await client.execute(
                uri: "/v1/demand", method: .post, headers: Fixture.headers(token: tokens.industry, contentType: Self.xlsx),
                body: Fixture.buffer(Fixture.demand(id: "T-X2")))
            #expect(notZip.status == .unprocessableContent)
            #expect(notZip.text.contains("not an .xlsx workbook"), "\(notZip.text)")
            #expect(try await repo.latestSeq() == 1)
        }
    }

    @Test("a demand workbook posted to a programs route: one 422 naming the workbook's form, not a line of the converted XML")
    func wrongFormForRoute() async throws {
        try await Fixture.withApp { client, tokens, repo in
            let r = try await client.execute(
                uri: "/v1/colleges/\(Fixture.college)/programs", method: .post,
                headers: Fixture.headers(token: tokens.admin, contentType: Self.xlsx), body: try Self.demandBook(headcount: "12"))
            #expect(r.status == .unprocessableContent, "\(r.text)")
            let list = try #require(try r.json() as? [[String: Any]], "\(r.text)")
            #expect(
                list.contains { $0["file"] as? String == "upload.xlsx" && ($0["message"] as? String ?? "").contains("a demand workbook") },
                "\(r.text)")
            #expect(!r.text.contains("colleges.xml") && !r.text.contains("programs.xml"), "\(r.text)")
            #expect(try await repo.latestSeq() == 0)
        }
    }

    @Test("the body limit bounds the .xlsx: a workbook under it whose XML is over it is taken")
    func limitIsOnTheWorkbook() async throws {
        let body = try Self.demandBook(headcount: "12", skills: 400)
        let xml = WorkbookImporter.convert(data: Data(body.readableBytesView), name: "x.xlsx").xml
        let limit = body.readableBytes + 64
        #expect(xml.count > limit, "the XML must be over the limit for this test to mean anything")
        try await Fixture.withApp(maxBodyBytes: limit) { client, tokens, repo in
            let r = try await client.execute(
                uri: "/v1/demand", method: .post, headers: Fixture.headers(token: tokens.industry, contentType: Self.xlsx), body: body)
            #expect(r.status == .created, "\(r.text)")
            #expect(try await repo.latestSeq() == 1)
        }
    }
}
