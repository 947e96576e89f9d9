/// A cell's place: 1-based row and column, written `C17`.
public struct CellRef: Sendable, Hashable, Comparable {
    /// 1-based row.
    public var row: Int
    /// 1-based column (A = 1).
    public var column: Int

    /// Creates a reference.
    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    /// The column's letters: 1 → A, 27 → AA.
    public static func letters(_ column: Int) -> String {
        var n = column
        var out: [Character] = []
        while n > 0 {
            let r = (n - 1) % 26
            out.append(Character(Unicode.Scalar(UInt8(65 + r))))
            n = (n - 1) / 26
        }
        return String(out.reversed())
    }

    /// `C17`.
    public var name: String { "\(Self.letters(column))\(row)" }

    /// Parses `C17` (optionally with `$`); nil unless the letters and digits are within Excel's grid.
    public init?(_ text: String) {
        var col = 0
        var row = 0
        var sawDigit = false
        for u in text.utf8 where u != UInt8(ascii: "$") {
            if u >= 65 && u <= 90 && !sawDigit {
                col = col * 26 + Int(u - 64)
                if col > 16384 { return nil }
            } else if u >= 97 && u <= 122 && !sawDigit {
                col = col * 26 + Int(u - 96)
                if col > 16384 { return nil }
            } else if u >= 48 && u <= 57 && col > 0 {
                sawDigit = true
                row = row * 10 + Int(u - 48)
                if row > 1_048_576 { return nil }
            } else {
                return nil
            }
        }
        guard col > 0, row > 0 else { return nil }
        self.init(row: row, column: col)
    }

    public static func < (a: CellRef, b: CellRef) -> Bool { (a.row, a.column) < (b.row, b.column) }
}
