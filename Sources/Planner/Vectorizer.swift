
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

    /// An empty vectorizer; call `fit` before `vector`.
    public init() {}

    /// The features of one term (strings), in order of appearance.
    public static func features(of term: String) -> [String] {
        var out: [String] = []
        var cjk: [Character] = []
        var latin = ""
        func flushCJK() {
            if cjk.count == 1 {
                out.append(String(cjk[0]))
            } else if cjk.count > 1 {
                for i in 0..<(cjk.count - 1) { out.append(String(cjk[i]) + String(cjk[i + 1])) }
            }
            cjk.removeAll(keepingCapacity: true)
        }
        func flushLatin() {
            if !latin.isEmpty {
                out.append(latin.lowercased())
                latin = ""
            }
        }
        for ch in term {
            if isCJK(ch) {
                flushLatin()
                cjk.append(ch)
            } else if ch.isASCII && (ch.isLetter || ch.isNumber || ch == "+" || ch == "#") {
                flushCJK()
                latin.append(ch)
            } else {
                flushCJK()
                flushLatin()
            }
        }
        flushCJK()
        flushLatin()
        return out
    }

    static func isCJK(_ ch: Character) -> Bool {
        guard let s = ch.unicodeScalars.first else { return false }
        return (0x4E00...0x9FFF).contains(s.value) || (0x3400...0x4DBF).contains(s.value)
            || (0xF900...0xFAFF).contains(s.value)
    }

    /// Counts document frequencies over `documents` (bags of weighted terms) and sets the IDF.
    /// Columns are numbered in order of first appearance, so the result is deterministic.
    public mutating func fit(_ documents: [[(term: String, weight: Float)]]) {
        var df: [Int32] = []
        for doc in documents {
            var seen = Set<Int32>()
            for (t, _) in doc {
                for f in Self.features(of: t) {
                    let c: Int32
                    if let k = featureIndex[f] {
                        c = k
                    } else {
                        c = Int32(df.count)
                        featureIndex[f] = c
                        df.append(0)
                    }
                    if seen.insert(c).inserted { df[Int(c)] += 1 }
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
            let fs = Self.features(of: t)
            guard !fs.isEmpty else { continue }
            // A term's weight is spread over its features so long terms do not dominate.
            let share = w / Float(fs.count).squareRoot()
            for f in fs {
                guard let c = featureIndex[f] else { continue }
                acc[c, default: 0] += share * idf[Int(c)]
            }
        }
        var entries = acc.map { (column: $0.key, value: $0.value) }.sorted { $0.column < $1.column }
        var norm: Float = 0
        for e in entries { norm += e.value * e.value }
        norm = norm.squareRoot()
        if norm > 0 { for i in entries.indices { entries[i].value /= norm } }
        return entries
    }
}
