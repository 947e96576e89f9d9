import Catalog

/// A weighted bag of term keys: the input of `Vectorizer`.
typealias WeightedDocument = [(key: Int32, weight: Float)]

/// The documents of a match space: one per profile (each catalog major, then each program whose own
/// terms or occupation links differ from its major's) and one per role, weighted by
/// `ScoringPolicy.documents`.
///
/// Term keys are the catalog's term ids followed by the names (of majors, occupations, roles)
/// added here in first-seen order, so the numbering is the same on every run.
struct ProfileDocuments {
    /// The text of every key.
    var texts: [String]
    /// One document per profile; profiles `0..<majors.count` are the catalog's majors.
    var profiles: [WeightedDocument]
    /// What each profile adds to its major's document (empty for the majors themselves).
    var deltas: [WeightedDocument]
    /// Whether each profile keeps its major's occupation links (false: the program replaces them).
    var inherits: [Bool]
    /// The occupation codes of each profile.
    var occupations: [[String]]
    /// The education level of each profile.
    var level: [EducationLevel]
    /// The major of each profile.
    var profileMajor: [Int32]
    /// The profile of each program (-1 for a program without a catalog major).
    var programProfile: [Int32]
    /// One document per role.
    var roles: [WeightedDocument]

    private var nameKeys: [String: Int32] = [:]
    private var occupationCache: [String: WeightedDocument] = [:]

    /// Builds the documents of `set`. With `linkText`, a 2021 major's document includes the names and
    /// task terms of its MoE-linked occupations.
    /// - Complexity: O(total terms of majors, programs and roles).
    init(set: CatalogSet, weights w: DocumentWeights, linkText: Bool) {
        texts = set.terms.strings
        profiles = []
        deltas = Array(repeating: [], count: set.majors.count)
        inherits = Array(repeating: true, count: set.majors.count)
        occupations = set.majors.map(\.occupations)
        level = set.majors.map(\.level)
        profileMajor = set.majors.indices.map { Int32($0) }
        programProfile = Array(repeating: -1, count: set.programs.count)
        roles = []
        profiles = set.majors.map { majorDocument($0, set: set, weights: w, linkText: linkText) }
        addPrograms(set: set, weights: w, linkText: linkText)
        roles.reserveCapacity(set.roles.count)
        for r in set.roles {
            var doc: WeightedDocument = [(key(r.name), Float(w.roleName))]
            doc += r.skills.map { ($0.term, $0.weight) }
            if let c = r.occupation {
                doc += occupationDocument(c, set: set, name: w.roleOccupationName, task: w.roleOccupationTask)
            }
            roles.append(doc)
        }
    }

    /// The key of a name, added on first use.
    private mutating func key(_ name: String) -> Int32 {
        if let k = nameKeys[name] { return k }
        let k = Int32(texts.count)
        texts.append(name)
        nameKeys[name] = k
        return k
    }

    /// An occupation's name and task terms at the given weights (empty for an unknown code).
    private mutating func occupationDocument(_ code: String, set: CatalogSet, name: Double, task: Double) -> WeightedDocument {
        let cacheKey = "\(name)|\(task)|\(code)"
        if let d = occupationCache[cacheKey] { return d }
        guard let o = set.occupationIndex[code].map({ set.occupations[Int($0)] }) else { return [] }
        let d: WeightedDocument = [(key(o.name), Float(name))] + o.terms.map { ($0, Float(task)) }
        occupationCache[cacheKey] = d
        return d
    }

    /// A major's document: its name, its non-generic terms by kind, and (with `linkText`, for a 2021
    /// major) its linked occupations' text.
    private mutating func majorDocument(_ m: Major, set: CatalogSet, weights w: DocumentWeights, linkText: Bool)
        -> WeightedDocument
    {
        var doc: WeightedDocument = [(key(m.name), Float(w.majorName))]
        for t in m.terms where !t.generic {
            let weight: Double =
                switch t.kind {
                case .course, .ability: w.majorCourse
                case .foundation, .certificate, .other: w.majorOther
                }
            doc.append((t.term, Float(weight)))
        }
        // A major added after 2021 has only derived links (DerivedMajors, copied from its
        // siblings): they count as occupation columns, but their occupations' text is left out,
        // so that the major does not outrank the siblings the MoE itself links.
        if linkText && m.added == nil {
            for c in m.occupations { doc += occupationDocument(c, set: set, name: w.linkName, task: w.linkTask) }
        }
        return doc
    }

    /// One profile per distinct (major, program terms, program occupations) among programs that have
    /// terms or occupation links of their own; the others share their major's profile.
    private mutating func addPrograms(set: CatalogSet, weights w: DocumentWeights, linkText: Bool) {
        var seen: [String: Int32] = [:]
        for (i, p) in set.programs.enumerated() where p.major >= 0 {
            if p.terms.isEmpty && p.occupations.isEmpty {
                programProfile[i] = p.major
                continue
            }
            let programOccupations = set.occupations(ofProgram: p)
            let signature = "\(p.major)|\(p.terms.sorted())|\(programOccupations.sorted())"
            if let k = seen[signature] {
                programProfile[i] = k
                continue
            }
            let m = set.majors[Int(p.major)]
            var delta: WeightedDocument = p.terms.map { ($0, Float(w.programTerm)) }
            for c in p.occupations where !m.occupations.contains(c) {
                delta += occupationDocument(c, set: set, name: w.linkName, task: w.linkTask)
            }
            let k = Int32(profiles.count)
            seen[signature] = k
            profiles.append(majorDocument(m, set: set, weights: w, linkText: linkText) + delta)
            deltas.append(delta)
            inherits.append(!p.replacesOccupations)
            occupations.append(programOccupations)
            level.append(m.level)
            profileMajor.append(p.major)
            programProfile[i] = k
        }
    }
}
