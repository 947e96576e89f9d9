import Testing

@testable import Workbook

@Suite struct CellRefTests {
    @Test func lettersRoundTrip() {
        #expect(CellRef.letters(1) == "A")
        #expect(CellRef.letters(26) == "Z")
        #expect(CellRef.letters(27) == "AA")
        #expect(CellRef("C17") == CellRef(row: 17, column: 3))
        #expect(CellRef("$AB$2") == CellRef(row: 2, column: 28))
        #expect(CellRef("17") == nil)
        #expect(CellRef("XFE1") == nil)
    }
}
