#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Interns term strings so that vectors and gaps work on integer ids.
///
/// Two strings get the same id when they are equal as Swift strings (canonically equivalent). The
/// lookup of a term seen before goes by its UTF-8 bytes (a seeded hash of the bytes, then
/// `memcmp`), not by `String` hashing, which normalises every non-ASCII string to NFC on every
/// lookup and was the costliest step of reading a demand submission.
///
/// A byte form not seen before must still find a canonically equivalent term (a decomposed accent,
/// a CJK compatibility ideograph). While every term holds only *plain* characters (`isPlain`:
/// ASCII, CJK ideographs and punctuation, fullwidth forms, dashes and curly quotes, Greek letters:
/// what Chinese catalogs are written in), two terms are equivalent only when their bytes are
/// equal, so a new byte form is a new term. The first term with any other character builds the
/// canonical `[String: Int32]` from the terms so far; from then on every new byte form is looked
/// up there too.
public struct TermTable: Sendable {
    /// The distinct terms in first-seen order; a term's id is its index.
    public private(set) var strings: [String] = []
    /// By canonical equivalence, for byte forms not seen yet: built at the first term outside
    /// `isPlain` (nil until then).
    private var ids: [String: Int32]?
    /// Every byte form seen, back to back.
    private var arena: [UInt8] = []
    /// Per byte form: where it starts in `arena`, its length, its hash and its term id.
    private var forms: [Form] = []
    /// Open addressing, linear probing: a form's index + 1, or 0 when free. Power-of-two size.
    private var slots: [Int32] = []

    private struct Form {
        var start: Int
        var count: Int
        var hash: Int
        var id: Int32
    }

    /// An empty table.
    public init() {}

    /// The id of `term`, adding it when new.
    public mutating func intern(_ term: String) -> Int32 {
        var t = term
        return t.withUTF8 { intern(utf8: $0, string: term) }
    }

    /// The id of the term whose UTF-8 bytes are `bytes`, adding it when new; a `String` is made
    /// only for a byte form not seen before.
    public mutating func intern(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        intern(utf8: bytes, string: nil)
    }

    private mutating func intern(utf8 bytes: UnsafeBufferPointer<UInt8>, string: String?) -> Int32 {
        let hash = Self.hash(bytes)
        let (found, slot) = find(bytes, hash: hash)
        if let found { return found }
        let s = string ?? String(decoding: bytes, as: UTF8.self)
        var id = Int32(strings.count)
        if ids == nil && !Self.isPlain(s) {
            ids = Dictionary(strings.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { first, _ in first })
        }
        if let known = ids?[s] {
            id = known
        } else {
            strings.append(s)
            ids?[s] = id
        }
        add(bytes, hash: hash, id: id, at: slot)
        return id
    }

    /// The id of `term` if present.
    public func id(of term: String) -> Int32? {
        var t = term
        if let hit = t.withUTF8({ find($0, hash: Self.hash($0)).id }) { return hit }
        if let ids { return ids[term] }
        // Only plain terms so far: a plain string matches by bytes alone; another may be the
        // equivalent of one of them.
        return Self.isPlain(term) ? nil : strings.firstIndex(of: term).map { Int32($0) }
    }

    /// The ids that `other`'s terms get here, interned in their id order (their order of first use
    /// there); nil when every one keeps its id.
    mutating func ids(interning other: TermTable) -> [Int32]? {
        let map = other.strings.map { intern($0) }
        return map.indices.allSatisfy { map[$0] == Int32($0) } ? nil : map
    }

    /// The term with `id`.
    public subscript(id: Int32) -> String { strings[Int(id)] }

    /// Number of distinct terms.
    public var count: Int { strings.count }

    /// Whether `term` holds only *plain* characters: ones without a canonical decomposition, of
    /// combining class 0 and never the second of a canonical composition, so that strings made of
    /// them are their own NFC and equivalent only when equal. The set is what Chinese catalogs are
    /// written in: ASCII; `° · × ÷`; the basic Greek letters; general punctuation U+2010–U+2027
    /// (dashes, curly quotes, bullet, ellipsis) and `‰`; `℃`; Roman numerals U+2160–U+217F; circled
    /// numbers U+2460–U+2473; CJK symbols and punctuation U+3000–U+3029; CJK ideographs
    /// (U+3400–U+4DBF, U+4E00–U+9FFF); fullwidth ASCII (U+FF01–U+FF5E). `TermTableTests` checks the
    /// first two properties for every one of them. (Bytes that are not UTF-8 decode to U+FFFD,
    /// which is not plain.)
    static func isPlain(_ term: String) -> Bool {
        term.unicodeScalars.allSatisfy { $0.isASCII || isPlain($0.value) }
    }

    /// Whether a non-ASCII scalar is plain (see `isPlain(_:)` on strings).
    static func isPlain(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0xB0, 0xB7, 0xD7, 0xF7, 0x391...0x3A1, 0x3A3...0x3A9, 0x3B1...0x3C9, 0x2010...0x2027, 0x2030, 0x2103,
            0x2160...0x217F, 0x2460...0x2473, 0x3000...0x3029, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xFF01...0xFF5E:
            true
        default: false
        }
    }

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var h = Hasher()
        h.combine(bytes: UnsafeRawBufferPointer(bytes))
        return h.finalize()
    }

    /// The id of the byte form equal to `bytes`, or the free slot where it would go.
    private func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: Int) -> (id: Int32?, slot: Int) {
        guard !slots.isEmpty else { return (nil, -1) }
        let mask = slots.count - 1
        var i = hash & mask
        return arena.withUnsafeBufferPointer { a in
            while true {
                let f = Int(slots[i])
                if f == 0 { return (nil, i) }
                let form = forms[f - 1]
                if form.hash == hash, form.count == bytes.count,
                    form.count == 0 || memcmp(a.baseAddress! + form.start, bytes.baseAddress!, form.count) == 0
                {
                    return (form.id, i)
                }
                i = (i + 1) & mask
            }
        }
    }

    private mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, hash: Int, id: Int32, at slot: Int) {
        forms.append(Form(start: arena.count, count: bytes.count, hash: hash, id: id))
        arena.append(contentsOf: bytes)
        if slot >= 0 && forms.count * 2 <= slots.count {
            slots[slot] = Int32(forms.count)
            return
        }
        // Grow (or create) the slots to keep the load at most one half, and place every form.
        var size = max(16, slots.count)
        while forms.count * 2 > size { size *= 2 }
        slots = [Int32](repeating: 0, count: size)
        let mask = size - 1
        for (k, form) in forms.enumerated() {
            var i = form.hash & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = Int32(k + 1)
        }
    }
}

extension TermTable: Equatable {
    /// Tables are equal when they hold the same terms with the same ids (the byte forms they met
    /// on the way do not matter).
    public static func == (lhs: TermTable, rhs: TermTable) -> Bool { lhs.strings == rhs.strings }
}
