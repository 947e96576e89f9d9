import Foundation
import TestSupport
import Testing

@testable import Workbook

@Suite("Damaged .xlsx files")
struct MutationTests {
    /// A damaged deflate stream once hung the reader (ZIPFoundation's `extract` reads past the part
    /// and loops when the stream does not end); each part is now inflated from its own bytes only.
    @Test("2,000 seeded corruptions of a real workbook end in diagnostics or a conversion, never a crash or a hang")
    func corruptedBytes() throws {
        var book = TemplateWriter.workbook(.colleges, districts: ["渝中区"], clusters: [])
        book.sheets[1].rows.append([
            WorkbookDocument.Cell(.text("T01")), WorkbookDocument.Cell(.text("名")), WorkbookDocument.Cell(.text("渝中区")),
            WorkbookDocument.Cell(.text("higher")),
        ])
        let good = try book.xlsx()
        var rng = SeededRandom(seed: 0x9E37_79B9_7F4A_7C15)
        func next() -> Int { Int(rng.next() % UInt64(Int.max)) }
        var converted = 0
        var refused = 0
        for _ in 0..<2000 {
            var bytes = good
            switch next() % 3 {
            case 0:
                for _ in 0..<(1 + next() % 8) { bytes[next() % bytes.count] = UInt8(next() % 256) }
            case 1:
                bytes.removeLast(next() % bytes.count)
            default:
                let at = next() % bytes.count
                bytes.replaceSubrange(at..<min(bytes.count, at + 4), with: [0xFF, 0xFF, 0xFF, 0x7F])
            }
            let imp = WorkbookImporter.convert(data: Data(bytes), name: "x.xlsx")
            if imp.hasErrors {
                refused += 1
                #expect(imp.diagnostics.allSatisfy { !$0.message.isEmpty })
            } else {
                converted += 1
            }
        }
        // Both outcomes occur: corruptions the reader cannot tell from a good file (a changed date,
        // a byte in a field it does not read) convert, the others are refused.
        #expect(refused > 0)
        #expect(converted > 0)
    }
}
