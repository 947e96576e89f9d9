import Catalog
import MatchingCore

extension Advisor {
    /// The heaviest skills of a program's matched roles that its curriculum lacks.
    ///
    /// A skill counts as taught when a term of the program (or its major, or the major's name)
    /// equals it or one contains the other, compared as UTF-8 bytes. Answers are memoised per
    /// profile, since programs of one major share their terms.
    func curriculumGaps(program i: Int, roles: [Int32], taught: inout [Int64: Bool]) -> [Int32] {
        guard !roles.isEmpty else { return [] }
        let p = set.programs[i]
        let profile = Int64(space.programProfile[i]) << 32
        var flowTo: [Int32: Int32] = [:]
        for f in flowsByProgram[i] { flowTo[f.role, default: 0] += f.count }
        var weight: [Int32: Float] = [:]
        var previous: Int32 = -1
        for r in roles.sorted() where r != previous {
            previous = r
            let w = Float(max(1, flowTo[r] ?? 0))
            for s in set.roles[Int(r)].skills { weight[s.term, default: 0] += s.weight * w }
        }
        // Heaviest first; stop at the fifth lacking skill (the order of the result is the same).
        let ranked = weight.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
        var have: [[UInt8]]?
        var lacking: [Int32] = []
        for (term, _) in ranked {
            let key = profile | Int64(term)
            let known: Bool
            if let k = taught[key] {
                known = k
            } else {
                if have == nil {
                    var h: [String] = p.terms.map { set.terms[$0] }
                    if p.major >= 0 {
                        let m = set.majors[Int(p.major)]
                        h += m.terms.map { set.terms[$0.term] }
                        h.append(m.name)
                    }
                    have = h.map { Array($0.utf8) }
                }
                let t = Array(set.terms[term].utf8)
                known = have!.contains { Self.contains($0, t) || Self.contains(t, $0) }
                taught[key] = known
            }
            if !known {
                lacking.append(term)
                if lacking.count == 5 { break }
            }
        }
        return lacking
    }

    /// Whether `needle` occurs in `haystack` (bytes; UTF-8 is self-synchronising, so this is a
    /// substring test on characters).
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= haystack.count else { return needle.isEmpty }
        let last = haystack.count - needle.count
        var i = 0
        while i <= last {
            if haystack[i] == needle[0] {
                var k = 1
                while k < needle.count && haystack[i + k] == needle[k] { k += 1 }
                if k == needle.count { return true }
            }
            i += 1
        }
        return false
    }
}
