import CatalogImport
import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Where the shipped catalogs are, and whether the files these checks read are there.
enum ShippedChongqing {
    static let catalogs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Catalogs")
    static let present = ["majors.xml", "chongqing/colleges-chongqing.xml"].allSatisfy {
        FileManager.default.fileExists(atPath: catalogs.appendingPathComponent($0).path)
    }
}

/// Checks of the shipped illustrative Chongqing set (`Catalogs/chongqing`) as a reader would judge it:
/// colleges whose majors fit their type, real districts, and indicators that make every shipped policy
/// rule fire for a minority of programs.
@Suite(
    "Chongqing set realism",
    .enabled(
        if: ShippedChongqing.present,
        "Catalogs/majors.xml or Catalogs/chongqing/colleges-chongqing.xml is absent"
    )
)
struct ChongqingRealismTests {
    static let catalogs = ShippedChongqing.catalogs

    static func colleges() throws -> GeneratedFileReader {
        try GeneratedFileReader.read(catalogs.appendingPathComponent("chongqing/colleges-chongqing.xml"))
    }

    /// Major code → (name, 专业类 code) from the shipped major catalog.
    static func majors() throws -> [String: (name: String, classCode: String)] {
        let inputs = try GeneratorInputs.parse(
            majors: Data(contentsOf: catalogs.appendingPathComponent("majors.xml")),
            occupations: Data("<occupationCatalog xmlns=\"urn:chanjiao:occupations:1\"/>".utf8),
            clusters: Data("<clusterCatalog xmlns=\"urn:chanjiao:clusters:1\"/>".utf8))
        var out: [String: (String, String)] = [:]
        for m in inputs.majors { out[m.code] = (m.name, m.classCode) }
        return out
    }

    /// `sector × 100 + class` of a 专业类 code, as the generator's profiles key it.
    static func classKey(_ classCode: String) -> Int {
        let n = Int(classCode) ?? 0
        return (n / 100 % 20) * 100 + n % 100
    }

    @Test("college counts and districts follow the city: ≥120 中职, ≥40 高职, 职业本科, all in the 38 区县 or 两江新区")
    func countsAndDistricts() throws {
        let file = try Self.colleges()
        let byType = Dictionary(grouping: file.colleges, by: \.type).mapValues(\.count)
        #expect((byType["secondary"] ?? 0) >= 120)
        #expect((byType["higher"] ?? 0) >= 40)
        #expect((byType["bachelor"] ?? 0) >= 1)
        #expect(file.colleges.allSatisfy { $0.name.contains("示例") })
        let districts = Set(file.collegeDistricts.values)
        #expect(districts.count >= 38)
        #expect(districts.allSatisfy { $0.hasSuffix("区") || $0.hasSuffix("县") })
    }

    @Test("no college teaches a minority-medicine major; K majors only at medical and 幼儿师范 colleges")
    func noContradictoryMajors() throws {
        let file = try Self.colleges()
        let majors = try Self.majors()
        let names = Dictionary(uniqueKeysWithValues: file.colleges.map { ($0.id, $0.name) })
        for p in file.programs {
            let name = try #require(majors[p.major]).name
            let college = names[p.college] ?? ""
            for minority in ["蒙医", "藏医", "维医", "傣医", "哈医", "朝医"] {
                #expect(!name.contains(minority), "\(college) teaches \(name)")
            }
            if p.major.hasSuffix("K") {
                let fits = ["医", "幼儿师范"].contains { college.contains($0) }
                #expect(fits, "\(college) teaches the national-control major \(name)")
            }
        }
    }

    @Test("a college's majors fit its type: sports colleges teach sports, medical ones mostly health")
    func profilesFitNames() throws {
        let file = try Self.colleges()
        let majors = try Self.majors()
        var sportsPrograms = 0
        for college in file.colleges {
            let keys = file.programs.filter { $0.college == college.id }.compactMap {
                majors[$0.major].map { Self.classKey($0.classCode) }
            }
            #expect(!keys.isEmpty, "\(college.name) has no programs")
            if college.name.contains("体育") {
                sportsPrograms += keys.count
                #expect(keys.allSatisfy { [1703, 1206, 1208].contains($0) }, "\(college.name): \(keys)")
            }
            if ["医药", "护理", "卫生"].contains(where: { college.name.contains($0) }) {
                let health = keys.filter { $0 / 100 == 12 || $0 / 100 == 9 }.count
                #expect(Double(health) >= 0.6 * Double(keys.count), "\(college.name): \(keys)")
            }
            // A specialised college concentrates: its largest 专业大类 holds at least a third of its
            // programs (a district's 职业教育中心 is broad by design, and is left out).
            var bySector: [Int: Int] = [:]
            for k in keys { bySector[k / 100, default: 0] += 1 }
            if !college.name.contains("职业教育中心") {
                #expect(3 * (bySector.values.max() ?? 0) >= keys.count, "\(college.name): \(keys.sorted())")
            }
        }
        #expect(sportsPrograms > 0)
    }

    // MARK: Demand

    /// Every demand file of the shipped set, read back.
    static func demand() throws -> [(name: String, file: GeneratedFileReader)] {
        let dir = catalogs.appendingPathComponent("chongqing")
        return try GeneratorFixture.xmlFiles(dir).filter { $0.hasPrefix("demand-") }.map {
            ($0, try GeneratedFileReader.read(dir.appendingPathComponent($0)))
        }
    }

    @Test("every 专业大类 the colleges teach meets demand: a role whose occupation its majors lead to")
    func noStrandedSector() throws {
        let file = try Self.colleges()
        let inputs = try GeneratorInputs.parse(
            majors: Data(contentsOf: Self.catalogs.appendingPathComponent("majors.xml")),
            occupations: Data("<occupationCatalog xmlns=\"urn:chanjiao:occupations:1\"/>".utf8),
            clusters: Data("<clusterCatalog xmlns=\"urn:chanjiao:clusters:1\"/>".utf8))
        var sectorsOfOccupation: [String: Set<Int>] = [:]
        var sectorOfMajor: [String: Int] = [:]
        for m in inputs.majors {
            let sector = Self.classKey(m.classCode) / 100
            sectorOfMajor[m.code] = sector
            for o in m.occupations { sectorsOfOccupation[o, default: []].insert(sector) }
        }
        var demanded: [Int: Int] = [:]
        for (_, demand) in try Self.demand() {
            for role in demand.roles {
                for s in role.occupation.flatMap({ sectorsOfOccupation[$0] }) ?? [] {
                    demanded[s, default: 0] += role.headcount
                }
            }
        }
        let taught = Set(file.programs.compactMap { sectorOfMajor[$0.major] })
        #expect(taught.count == 19)
        for s in taught.sorted() {
            #expect((demanded[s] ?? 0) > 0, "专业大类 \(s) has graduates but no role its majors lead to")
        }
    }

    @Test("service submissions name a GB/T 4754 sector; no cluster asks for physicians, nurses or teachers")
    func rolesFitSubmitters() throws {
        let files = try Self.demand()
        let services = files.filter { $0.file.rootAttributes["sector"] != nil }
        #expect(services.count >= 15)
        #expect(Set(services.compactMap { $0.file.rootAttributes["sector"] }).count >= 15)
        let healthSector = services.filter { $0.file.rootAttributes["sector"] == "Q" }.flatMap(\.file.roles)
        #expect(healthSector.contains { $0.occupation?.hasPrefix("2-05-08") == true })  // nurses in health care
        for (name, file) in files where file.rootAttributes["cluster"] != nil {
            #expect(file.rootAttributes["sector"] == nil)
            for role in file.roles {
                let o = role.occupation ?? ""
                let clinical = ["2-05-01", "2-05-02", "2-05-03", "2-05-04", "2-05-05", "2-05-08", "2-08"]
                #expect(!clinical.contains { o.hasPrefix($0) }, "\(name): \(o)")
            }
        }
    }

    @Test("a cluster asks for its own occupations, or for one of the same 中类 that a major serving it leads to")
    func rolesFitClusters() throws {
        let inputs = try GeneratorInputs.parse(
            majors: Data(contentsOf: Self.catalogs.appendingPathComponent("majors.xml")),
            occupations: Data(contentsOf: Self.catalogs.appendingPathComponent("occupations.xml")),
            clusters: Data(contentsOf: Self.catalogs.appendingPathComponent("clusters.xml")))
        func middle(_ code: String) -> String { code.split(separator: "-").prefix(2).joined(separator: "-") }
        var checked = 0
        var neighbours = 0
        for (name, file) in try Self.demand() {
            guard let id = file.rootAttributes["cluster"], let cluster = inputs.clusters.first(where: { $0.id == id }) else {
                continue
            }
            let own = Set(cluster.occupations)
            let groups = Set(own.map(middle))
            // Occupations two hops away: linked to a major that is linked to one of the cluster's own.
            var near = Set<String>()
            for m in inputs.majors where !own.isDisjoint(with: m.occupations) { near.formUnion(m.occupations) }
            for role in file.roles {
                guard let o = role.occupation else { continue }
                checked += 1
                if own.contains(o) { continue }
                neighbours += 1
                #expect(near.contains(o) && groups.contains(middle(o)), "\(name): occupation \(o)")
            }
        }
        #expect(checked >= 1_000)
        // Most roles are the cluster's own occupations; the neighbours are a minority.
        #expect(4 * neighbours < checked, "\(neighbours) of \(checked) roles are neighbours")
    }

    // MARK: Policy rules

    /// A condition of a shipped policy rule: indicator and threshold.
    struct Condition {
        var indicator: String
        var below: Double?
        var above: Double?

        func holds(_ x: Double) -> Bool {
            if let below, !(x < below) { return false }
            if let above, !(x > above) { return false }
            return true
        }
    }

    /// A shipped rule: `consecutive` (years > 0), `anyOf` (k of conditions), or `when` (one condition).
    struct Rule {
        var id: String
        var conditions: [Condition] = []
        var years = 0
        var k = 1
    }

    /// Reads the rules and the red-card employment threshold of a policy file.
    final class PolicyReader: NSObject, XMLParserDelegate {
        var rules: [Rule] = []
        var redEmploymentBelow: Double?

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes: [String: String] = [:]
        ) {
            func condition() -> Condition {
                Condition(
                    indicator: attributes["indicator"] ?? "", below: attributes["below"].flatMap(Double.init),
                    above: attributes["above"].flatMap(Double.init))
            }
            switch elementName {
            case "cards": redEmploymentBelow = attributes["redEmploymentBelow"].flatMap(Double.init)
            case "rule": rules.append(Rule(id: attributes["id"] ?? ""))
            case "consecutive":
                rules[rules.count - 1].conditions = [condition()]
                rules[rules.count - 1].years = Int(attributes["years"] ?? "") ?? 1
            case "anyOf": rules[rules.count - 1].k = Int(attributes["k"] ?? "") ?? 1
            case "condition", "when": rules[rules.count - 1].conditions.append(condition())
            default: break
            }
        }
    }

    static func policies() throws -> [(String, PolicyReader)] {
        let dir = catalogs.appendingPathComponent("policy")
        return try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".xml") }.sorted()
            .map { name in
                let reader = PolicyReader()
                let parser = XMLParser(data: try Data(contentsOf: dir.appendingPathComponent(name)))
                parser.shouldProcessNamespaces = true
                parser.delegate = reader
                #expect(parser.parse(), "\(name) does not parse")
                return (name, reader)
            }
    }

    /// An indicator's series for a program, as the advisor reads it: history years, then the current
    /// value (employment, enrolment); first choice has history only; fill and the ratios are current only.
    static func series(_ indicator: String, _ attributes: [String: String], _ years: [[String: String]]) -> [Double]? {
        func d(_ key: String) -> Double? { attributes[key].flatMap(Double.init) }
        let history = years.sorted { (Int($0["year"] ?? "") ?? 0) < (Int($1["year"] ?? "") ?? 0) }
        switch indicator {
        case "employmentRate": return history.compactMap { $0["employmentRate"].flatMap(Double.init) } + [d("employmentRate") ?? 0]
        case "firstChoiceRate": return history.compactMap { $0["firstChoiceRate"].flatMap(Double.init) }
        case "enrolment": return history.compactMap { $0["enrolment"].flatMap(Double.init) } + [d("enrolment") ?? 0]
        case "enrolmentFill":
            guard let e = d("enrolment"), let c = d("capacity"), c > 0 else { return [] }
            return [e / c]
        case "localRetention", "dualTeacherRatio": return d(indicator).map { [$0] } ?? []
        default: return nil  // utilisation, supplyDemandRatio: known only from a plan
        }
    }

    @Test("every rule of every shipped policy fires for some programs, and for a minority (≤ 15 %)")
    func everyRuleFires() throws {
        let file = try Self.colleges()
        let n = file.programAttributes.count
        #expect(n > 1_000)
        for (name, policy) in try Self.policies() {
            if let red = policy.redEmploymentBelow {
                let below = file.programAttributes.filter { (Double($0["employmentRate"] ?? "") ?? 1) < red }.count
                #expect(below > 0 && Double(below) <= 0.15 * Double(n), "\(name): \(below) of \(n) below \(red)")
            }
            for rule in policy.rules {
                var fired = 0
                var conditionHits = [Int](repeating: 0, count: rule.conditions.count)
                var checkable = true
                for (attributes, years) in zip(file.programAttributes, file.programYears) {
                    var hits = 0
                    for (i, c) in rule.conditions.enumerated() {
                        guard let s = Self.series(c.indicator, attributes, years) else {
                            checkable = false
                            continue
                        }
                        let holds =
                            rule.years > 0
                            ? s.count >= rule.years && s.suffix(rule.years).allSatisfy(c.holds)
                            : s.last.map(c.holds) ?? false
                        if holds {
                            hits += 1
                            conditionHits[i] += 1
                        }
                    }
                    if hits >= rule.k { fired += 1 }
                }
                guard checkable else { continue }
                #expect(fired > 0, "\(name): rule \(rule.id) never fires")
                #expect(Double(fired) <= 0.15 * Double(n), "\(name): rule \(rule.id) fires for \(fired) of \(n)")
                for (i, c) in rule.conditions.enumerated() {
                    #expect(conditionHits[i] > 0, "\(name): \(rule.id): \(c.indicator) never holds")
                }
            }
        }
    }
}
