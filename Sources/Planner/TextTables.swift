/// The noise phrases and synonyms of `Catalogs/text` (embedded by `Scripts/embed-text.sh`),
/// applied by `Vectorizer` when a term is cut into features: noise phrases are cut out of the
/// term, and a term containing a synonym key gains the features of the key's expansions.
public struct TextTables: Sendable {
    /// The shipped tables.
    public static let shipped = TextTables(noise: EmbeddedText.noise, synonyms: EmbeddedText.synonyms)

    /// Noise phrases, longest first.
    public let noise: [String]
    /// Latin keys (lowercased whole words) and their expansions.
    public let latin: [String: [String]]
    /// Other keys (matched anywhere in the lowercased term) and their expansions, in file order.
    public let phrases: [(key: String, expansions: [String])]
    /// The first CJK bigram of every noise phrase and phrase key: a term holding none of them
    /// needs no substring search.
    let triggers: Set<UInt64>

    /// Tables from the text of `noise.txt` (one phrase a line) and `synonyms.tsv` (key, then
    /// expansions, tab-separated); `#` starts a comment line.
    public init(noise: String, synonyms: String) {
        func lines(_ s: String) -> [Substring] {
            s.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("#") && !$0.allSatisfy(\.isWhitespace) }
        }
        let n = lines(noise).map { String($0).trimmingCharacters() }
        self.noise = n.sorted { $0.count > $1.count || ($0.count == $1.count && $0 < $1) }
        var latin: [String: [String]] = [:]
        var phrases: [(key: String, expansions: [String])] = []
        for l in lines(synonyms) {
            let cells = l.split(separator: "\t").map { String($0).trimmingCharacters() }.filter { !$0.isEmpty }
            guard cells.count >= 2 else { continue }
            let key = cells[0].lowercased()
            if key.unicodeScalars.allSatisfy({ $0.isASCII }) {
                latin[key, default: []] += cells.dropFirst()
            } else {
                phrases.append((key, Array(cells.dropFirst())))
            }
        }
        self.latin = latin
        self.phrases = phrases
        var triggers = Set<UInt64>()
        for s in self.noise + phrases.map(\.key) {
            if let b = Vectorizer.plainFeatureKeys(of: s).lazy.compactMap({ f -> UInt64? in
                if case .cjk(let p) = f, p & (1 << 42) == 0 { return p }
                return nil
            }).first {
                triggers.insert(b)
            }
        }
        self.triggers = triggers
    }

    /// The features of `term` with noise cut out and synonyms added.
    /// - Complexity: O(length) for a term with no trigger bigram; else O(length × table size).
    func featureKeys(of term: String) -> [Vectorizer.FeatureKey] {
        var out = Vectorizer.plainFeatureKeys(of: term)
        let triggered = out.contains { f in
            if case .cjk(let p) = f { return triggers.contains(p) }
            return false
        }
        var extra: [String] = []
        if triggered {
            var cleaned = term.lowercased()
            var cut = false
            for n in noise where cleaned.contains(n) {
                cleaned = cleaned.replacing(n, with: " ")
                cut = true
            }
            if cut { out = Vectorizer.plainFeatureKeys(of: cleaned) }
            for p in phrases where cleaned.contains(p.key) { extra += p.expansions }
        }
        for f in out {
            if case .word(let w) = f, let e = latin[w] { extra += e }
        }
        for e in extra { out += Vectorizer.plainFeatureKeys(of: e) }
        return out
    }
}

extension String {
    /// The string without leading and trailing whitespace.
    fileprivate func trimmingCharacters() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
