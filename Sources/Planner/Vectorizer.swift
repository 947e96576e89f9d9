
import Foundation

/// Turns short terms into sparse feature vectors: Chinese character bigrams and Latin words
/// (PLC, CAD), weighted by IDF over a corpus of documents and L2-normalised.
///
/// A document is a bag of weighted terms; features of a term are the bigrams of each run of CJK
/// characters (a one-character run is kept as a unigram) and each Latin/digit word, lowercased.
/// - Complexity: O(total characters) to featurize; vectors are built once per distinct document.
public struct Vectorizer: Sendable {
    /// Feature string → column.
    public private(set) var featureIndex: [String: Int32] = [:]
    /// Inverse document frequency of each column.
    public private(set) var idf: [Float] = []
    /// Number of documents the IDF was computed over.
    public private(set) var documentCount = 0
    /// The columns of each term seen by `fit`, so each distinct term is cut into features once.
    private var termColumns: [String: [Int32]] = [:]

    /// An empty vectorizer; call `fit` before `vector`.
    public init() {}

    /// The features of one term (strings), in order of appearance.
    /// - Complexity: O(length of the term) over its Unicode scalars.
    public static func features(of term: String) -> [String] {
        var out: [String] = []
        var cjk: [Unicode.Scalar] = []
        var latin = String.UnicodeScalarView()
        func flushCJK() {
            if cjk.count == 1 {
                out.append(String(Character(cjk[0])))
            } else if cjk.count > 1 {
                for i in 0..<(cjk.count - 1) {
                    var v = String.UnicodeScalarView()
                    v.append(cjk[i])
                    v.append(cjk[i + 1])
                    out.append(String(v))
                }
            }
            cjk.removeAll(keepingCapacity: true)
        }
        func flushLatin() {
            if !latin.isEmpty {
                out.append(String(latin).lowercased())
                latin = String.UnicodeScalarView()
            }
        }
        for u in term.unicodeScalars {
            if isCJK(u) {
                flushLatin()
                cjk.append(u)
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


    /// Counts document frequencies over `documents` (bags of weighted terms) and sets the IDF.
    /// Columns are numbered in order of first appearance, so the result is deterministic.
    public mutating func fit(_ documents: [[(term: String, weight: Float)]]) {
        var df: [Int32] = []
        var seen: [Int32] = []
        var stamp: Int32 = 0
        for doc in documents {
            stamp += 1
            for (t, _) in doc {
                let columns: [Int32]
                if let cached = termColumns[t] {
                    columns = cached
                } else {
                    columns = Self.features(of: t).map { f in
                        if let k = featureIndex[f] { return k }
                        let c = Int32(df.count)
                        featureIndex[f] = c
                        df.append(0)
                        seen.append(0)
                        return c
                    }
                    termColumns[t] = columns
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

    /// The TF-IDF vector of a document, L2-normalised; features unseen by `fit` are ignored.
    public func vector(_ document: [(term: String, weight: Float)]) -> [(column: Int32, value: Float)] {
        var acc: [Int32: Float] = [:]
        for (t, w) in document {
            let columns = termColumns[t] ?? Self.features(of: t).compactMap { featureIndex[$0] }
            guard !columns.isEmpty else { continue }
            // A term's weight is spread over its features so long terms do not dominate.
            let share = w / Float(columns.count).squareRoot()
            for c in columns { acc[c, default: 0] += share * idf[Int(c)] }
        }
        var entries = acc.map { (column: $0.key, value: $0.value) }.sorted { $0.column < $1.column }
        var norm: Float = 0
        for e in entries { norm += e.value * e.value }
        norm = norm.squareRoot()
        if norm > 0 { for i in entries.indices { entries[i].value /= norm } }
        return entries
    }
}
