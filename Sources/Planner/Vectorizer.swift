import Foundation

/// Turns short terms into sparse feature vectors: Chinese character bigrams and Latin words
/// (PLC, CAD), weighted by IDF over a corpus of documents and L2-normalised.
///
/// A document is a bag of weighted terms; features of a term are the bigrams of each run of CJK
/// characters (a one-character run is kept as a unigram) and each Latin/digit word, lowercased.
/// - Complexity: O(total characters) to featurize; vectors are built once per distinct document.
public struct Vectorizer: Sendable {
    /// Feature → column.
    private var featureIndex: [FeatureKey: Int32] = [:]
    /// Inverse document frequency of each column.
    public private(set) var idf: [Float] = []
    /// Number of documents the IDF was computed over.
    public private(set) var documentCount = 0
    /// The text of each term key; documents name terms by key so that no string is hashed twice.
    public let texts: [String]
    /// The columns of each key seen by `fit`, so each distinct term is cut into features once.
    private var keyColumns: [[Int32]?]

    /// A vectorizer over the terms `texts` (a document names a term by its index there).
    public init(texts: [String]) {
        self.texts = texts
        self.keyColumns = Array(repeating: nil, count: texts.count)
    }

    /// A feature: a CJK bigram or single character packed into an integer, or a Latin word.
    enum FeatureKey: Hashable {
        case cjk(UInt64)
        case word(String)

        /// The feature as text.
        var text: String {
            switch self {
            case .word(let w): return w
            case .cjk(let packed):
                var v = String.UnicodeScalarView()
                if packed & (1 << 42) != 0 {
                    v.append(Unicode.Scalar(UInt32(packed & 0x1F_FFFF))!)
                } else {
                    v.append(Unicode.Scalar(UInt32(packed >> 21))!)
                    v.append(Unicode.Scalar(UInt32(packed & 0x1F_FFFF))!)
                }
                return String(v)
            }
        }
    }

    /// The features of one term (strings), in order of appearance.
    public static func features(of term: String) -> [String] { featureKeys(of: term).map(\.text) }

    /// The features of one term: its plain features (`plainFeatureKeys`) with the shipped noise
    /// phrases cut out and the features of its synonyms added (`TextTables`, `Catalogs/text`).
    static func featureKeys(of term: String) -> [FeatureKey] { TextTables.shipped.featureKeys(of: term) }

    /// The features of one term, in order of appearance: bigrams of each run of CJK characters
    /// (a one-character run is itself a feature) and lowercased Latin/digit words.
    /// - Complexity: O(length of the term) over its Unicode scalars.
    static func plainFeatureKeys(of term: String) -> [FeatureKey] {
        var out: [FeatureKey] = []
        var previous: UInt64 = 0
        var run = 0
        var latin = String.UnicodeScalarView()
        func flushCJK() {
            if run == 1 { out.append(.cjk(1 << 42 | previous)) }
            run = 0
        }
        func flushLatin() {
            if !latin.isEmpty {
                out.append(.word(String(latin).lowercased()))
                latin = String.UnicodeScalarView()
            }
        }
        for u in term.unicodeScalars {
            if isCJK(u) {
                flushLatin()
                let value = UInt64(u.value)
                if run >= 1 { out.append(.cjk(previous << 21 | value)) }
                previous = value
                run += 1
            } else if u.isASCII && (u.properties.isAlphabetic || (u.value >= 48 && u.value <= 57) || u == "+" || u == "#") {
                flushCJK()
                latin.append(u)
            } else {
                flushCJK()
                flushLatin()
            }
        }
        flushCJK()
        flushLatin()
        return out
    }

    static func isCJK(_ s: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(s.value) || (0x3400...0x4DBF).contains(s.value) || (0xF900...0xFAFF).contains(s.value)
    }

    /// Counts document frequencies over `documents` (bags of weighted term keys) and sets the IDF.
    /// Columns are numbered in order of first appearance, so the result is deterministic.
    /// - Complexity: O(total terms) plus O(characters) per distinct term.
    public mutating func fit(_ documents: [[(key: Int32, weight: Float)]]) {
        var df: [Int32] = []
        var seen: [Int32] = []
        var stamp: Int32 = 0
        for doc in documents {
            stamp += 1
            for (key, _) in doc {
                let columns: [Int32]
                if let cached = keyColumns[Int(key)] {
                    columns = cached
                } else {
                    columns = Self.featureKeys(of: texts[Int(key)]).map { f in
                        if let k = featureIndex[f] { return k }
                        let c = Int32(df.count)
                        featureIndex[f] = c
                        df.append(0)
                        seen.append(0)
                        return c
                    }
                    keyColumns[Int(key)] = columns
                }
                for c in columns where seen[Int(c)] != stamp {
                    seen[Int(c)] = stamp
                    df[Int(c)] += 1
                }
            }
        }
        documentCount = documents.count
        let n = Float(max(documents.count, 1))
        idf = df.map { log(1 + n / Float(max($0, 1))) }
    }

    /// Number of columns.
    public var columnCount: Int { idf.count }

    /// The text of every feature column (a bigram, a character or a Latin word), by column.
    /// - Complexity: O(columns).
    public func featureTexts() -> [String] {
        var out = [String](repeating: "", count: idf.count)
        for (f, c) in featureIndex { out[Int(c)] = f.text }
        return out
    }

    /// The TF-IDF vector of a document, L2-normalised; features unseen by `fit` are ignored.
    ///
    /// `scratch` is a dense accumulator of `columnCount` zeros, returned zeroed.
    /// - Complexity: O(terms + nnz log nnz).
    public func vector(_ document: [(key: Int32, weight: Float)], scratch: inout [Float]) -> [(column: Int32, value: Float)] {
        var (entries, norm) = rawVector(document, scratch: &scratch)
        if norm > 0 { for i in entries.indices { entries[i].value /= norm } }
        return entries
    }

    /// The TF-IDF vector of a document before normalisation, and its L2 norm. The raw vector is
    /// linear in the document: the raw vector of two documents joined is the sum of theirs.
    /// - Complexity: O(terms + nnz log nnz).
    public func rawVector(
        _ document: [(key: Int32, weight: Float)], scratch: inout [Float]
    ) -> (entries: [(column: Int32, value: Float)], norm: Float) {
        if scratch.count < idf.count { scratch = Array(repeating: 0, count: idf.count) }
        var touched: [Int32] = []
        for (key, w) in document {
            let columns = keyColumns[Int(key)] ?? Self.featureKeys(of: texts[Int(key)]).compactMap { featureIndex[$0] }
            guard !columns.isEmpty else { continue }
            // A term's weight is spread over its features so long terms do not dominate.
            let share = w / Float(columns.count).squareRoot()
            for c in columns {
                if scratch[Int(c)] == 0 { touched.append(c) }
                scratch[Int(c)] += share * idf[Int(c)]
            }
        }
        touched.sort()
        var entries: [(column: Int32, value: Float)] = []
        entries.reserveCapacity(touched.count)
        var norm: Float = 0
        for c in touched {
            let v = scratch[Int(c)]
            scratch[Int(c)] = 0
            guard v != 0 else { continue }
            entries.append((c, v))
            norm += v * v
        }
        return (entries, norm.squareRoot())
    }
}
