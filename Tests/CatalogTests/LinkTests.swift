import Testing

@testable import Catalog

/// `CatalogLoader.link` finds duplicate college/major and submission/role pairs by (owner index,
/// name) and recognises default program ids by bytes; these tests hold it to the joined-string
/// checks it replaced, on ids with `/`, repeated owners and canonically equivalent spellings.
@Suite("Link duplicate checks")
struct LinkTests {
    /// The duplicate checks as they were: joined `owner/name` strings as dictionary keys.
    static func reference(_ set: CatalogSet) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func duplicates<T>(_ items: [T], key: (T) -> String, source: (T) -> SourceRef, what: String) {
            var first: [String: SourceRef] = [:]
            for item in items {
                let k = key(item)
                if let f = first[k] {
                    out.append(
                        set.diagnostic(
                            .error, at: source(item), "duplicate \(what) '\(k)' (first defined at \(set.location(f)))"))
                } else {
                    first[k] = source(item)
                }
            }
        }
        duplicates(
            set.programs.filter { $0.id != "\(set.colleges[Int($0.college)].id)/\($0.majorCode)" }, key: \.id,
            source: \.source, what: "program id")
        duplicates(
            set.programs, key: { "\(set.colleges[Int($0.college)].id)/\($0.majorCode)" }, source: \.source,
            what: "major in one college (a college teaches a major once)")
        duplicates(
            set.roles, key: { "\(set.demands[Int($0.submission)].id)/\($0.id)" }, source: \.source,
            what: "role id in one submission")
        return out
    }

    struct Random {
        var s: UInt64
        mutating func pick<T>(_ xs: [T]) -> T {
            s ^= s << 13
            s ^= s >> 7
            s ^= s << 17
            return xs[Int(s % UInt64(xs.count))]
        }
    }

    static let owners = ["A", "B", "A", "X/Y", "X", "é", "e\u{301}", "示例"]
    static let names = ["1", "Z", "Y/Z", "1", "é", "e\u{301}"]
    static let ids = ["p1", "A/1", "B/1", "é/1", "e\u{301}/1", "X/Y/Z", "示例/1", "A/1x", "A-1"]

    static func randomSet(_ random: inout Random, plain: Bool) -> CatalogSet {
        let owners = plain ? ["A", "B", "A", "C7"] : Self.owners
        let names = plain ? ["1", "2", "1", "33"] : Self.names
        let ids = plain ? ["p1", "A/1", "B/2", "A/1x", "A-1"] : Self.ids
        var set = CatalogSet()
        set.files = ["f.xml"]
        var line: Int32 = 1
        func next() -> SourceRef {
            line += 1
            return SourceRef(file: 0, line: line, column: 3)
        }
        for _ in 0..<6 {
            set.colleges.append(
                College(id: random.pick(owners), name: "n", district: "d", type: .higher, illustrative: false, source: next()))
        }
        for _ in 0..<20 {
            let college = Int32(random.pick(Array(0..<set.colleges.count)))
            let major = random.pick(names)
            let id = random.pick([true, false]) ? "\(set.colleges[Int(college)].id)/\(major)" : random.pick(ids)
            set.programs.append(
                Program(
                    id: id, college: college, majorCode: major, major: -1, enrolment: 1, graduates: 1, employmentRate: 1,
                    capacity: 1, dualTeacherRatio: .nan, localRetention: .nan, replacesOccupations: false, occupations: [],
                    terms: [], history: [], source: next()))
        }
        for _ in 0..<4 {
            set.demands.append(
                DemandSubmission(
                    id: random.pick(owners), submitter: "s", cluster: "c", period: "2025", district: nil,
                    illustrative: false, roles: 0..<0, source: next()))
        }
        for _ in 0..<12 {
            set.roles.append(
                Role(
                    id: random.pick(names), submission: Int32(random.pick(Array(0..<set.demands.count))), name: "r",
                    occupation: nil, level: .technician, headcount: 1, educationLevel: .higher, growth: 0, district: nil,
                    skills: [], source: next()))
        }
        return set
    }

    @Test("the same duplicate diagnostics as joined-string keys", arguments: [true, false])
    func sameAsJoinedStrings(plain: Bool) {
        var random = Random(s: plain ? 0x1234_5678_9ABC_DEF1 : 0x0F1E_2D3C_4B5A_6978)
        var found = 0
        for _ in 0..<300 {
            var set = Self.randomSet(&random, plain: plain)
            let expected = Self.reference(set)
            let kinds = ["duplicate program id", "duplicate major in one college", "duplicate role id in one submission"]
            let got = CatalogLoader.link(&set).filter { d in kinds.contains { d.message.hasPrefix($0) } }
            let sorted = expected.sorted { ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column) }
            #expect(got == sorted)
            found += expected.count
        }
        #expect(found > 100)
    }
}
