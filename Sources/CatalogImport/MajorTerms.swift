/// The terms of every major, cut from its profile, with generic ability phrases removed.
enum MajorTerms {
    /// A term's kind in majors.xml.
    enum Kind: String, Sendable, CaseIterable {
        case course, foundation, ability, certificate

        var index: Int {
            switch self {
            case .course: 0
            case .foundation: 1
            case .ability: 2
            case .certificate: 3
            }
        }
    }

    /// One term of a major.
    struct Term: Sendable, Equatable {
        var kind: Kind
        var text: String
    }

    struct Result: Sendable {
        var byMajor: [String: [Term]]
        /// The distinct ability phrases dropped as generic.
        var generic: Set<String>
        /// Each generic phrase with its document frequency, most frequent first.
        var genericList: [GenericPhrase]
        var genericOccurrences: Int
    }

    /// Cuts the terms of every profile; an ability phrase found in more than `share` of the
    /// profiled majors, or on the stop-list, is generic and dropped.
    /// - Complexity: O(total profile text).
    static func cut(profiles: [String: MajorProfile], share: Double) -> Result {
        let codes = profiles.keys.sorted()
        var abilities: [String: [String]] = [:]
        var df: [String: Int] = [:]
        for code in codes {
            let list = TermCutter.abilityPhrases(profiles[code]?.abilities ?? [])
            abilities[code] = list
            for p in list { df[p, default: 0] += 1 }  // list is deduplicated per major
        }
        let limit = Double(codes.count) * share
        var generic = Set<String>()
        for (p, n) in df where Double(n) > limit || TermCutter.isStopListed(p) { generic.insert(p) }

        var byMajor: [String: [Term]] = [:]
        var occurrences = 0
        for code in codes {
            guard let p = profiles[code] else { continue }
            var seen = Set<String>()
            var terms: [Term] = []
            func add(_ kind: Kind, _ texts: [String]) {
                for t in texts where seen.insert(t).inserted { terms.append(Term(kind: kind, text: t)) }
            }
            add(.course, TermCutter.courseNames(p.coreCourses ?? []))
            add(.foundation, TermCutter.courseNames(p.foundationCourses ?? []))
            let list = abilities[code] ?? []
            occurrences += list.filter { generic.contains($0) }.count
            add(.ability, list.filter { !generic.contains($0) })
            add(.certificate, TermCutter.certificateNames(p.certificates ?? ""))
            byMajor[code] = terms
        }
        let list = generic.map { p in
            GenericPhrase(
                phrase: p,
                majors: df[p] ?? 0,
                frequent: Double(df[p] ?? 0) > limit,
                stopListed: TermCutter.isStopListed(p)
            )
        }.sorted { $0.majors != $1.majors ? $0.majors > $1.majors : $0.phrase < $1.phrase }
        return Result(byMajor: byMajor, generic: generic, genericList: list, genericOccurrences: occurrences)
    }
}

/// An ability phrase dropped as generic, with the number of majors whose profile has it.
public struct GenericPhrase: Sendable, Equatable {
    /// The phrase.
    public var phrase: String
    /// How many profiled majors have it (its document frequency).
    public var majors: Int
    /// True when it is in more than `MoeImporter.genericShare` of the profiled majors.
    public var frequent: Bool
    /// True when the stop-list drops it.
    public var stopListed: Bool
}
