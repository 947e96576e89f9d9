import CatalogImport
import Foundation
import Testing

@Suite("Generator")
struct GeneratorTests {
    /// Generates city scale from the fixture into a fresh directory.
    static func city(seed: UInt64, inputs: GeneratorInputs) throws -> (URL, GeneratorSummary) {
        let dir = GeneratorFixture.temporaryDirectory("city-\(seed)")
        let summary = try Generator.write(inputs: inputs, scale: .city, seed: seed, to: dir)
        return (dir, summary)
    }

    @Test("the fixture catalogs parse, with escapes decoded and in file order")
    func parsesInputs() throws {
        let inputs = try GeneratorFixture.inputs()
        #expect(inputs.majors.count == 240)
        #expect(inputs.occupations.count == 60)
        #expect(inputs.clusters.count == 10)
        let first = try #require(inputs.majors.first)
        #expect(first.code == "660101")
        #expect(first.name == "机械&电气660101")
        #expect(first.level == .secondary)
        #expect(first.classCode == "6601")
        #expect(first.categoryName == "示例6大类")
        #expect(first.occupations.count == 3)
        #expect(first.terms.last == "能力<6>")
        #expect(inputs.clusters[6].system == "416" && inputs.clusters[6].tier == "4")
    }

    @Test("a catalog of the wrong kind is rejected with its file name")
    func rejectsWrongRoot() throws {
        let dir = try GeneratorFixture.write()
        try FileManager.default.copyItem(
            at: dir.appendingPathComponent("occupations.xml"),
            to: dir.appendingPathComponent("m.xml")
        )
        try FileManager.default.removeItem(at: dir.appendingPathComponent("majors.xml"))
        #expect(throws: GeneratorError.self) { try GeneratorInputs.load(from: dir) }
        try FileManager.default.moveItem(
            at: dir.appendingPathComponent("m.xml"),
            to: dir.appendingPathComponent("majors.xml")
        )
        do {
            _ = try GeneratorInputs.load(from: dir)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("majors.xml"))
            #expect(error.description.contains("majorCatalog"))
        }
    }

    @Test("the same seed gives byte-identical files; another seed gives different ones")
    func deterministic() throws {
        let inputs = try GeneratorFixture.inputs()
        let (a, summaryA) = try Self.city(seed: 42, inputs: inputs)
        let (b, summaryB) = try Self.city(seed: 42, inputs: inputs)
        let (c, _) = try Self.city(seed: 43, inputs: inputs)
        #expect(summaryA == summaryB)
        let files = try GeneratorFixture.xmlFiles(a)
        #expect(files == (try GeneratorFixture.xmlFiles(b)))
        #expect(files == summaryA.files.sorted())
        for name in files {
            let x = try Data(contentsOf: a.appendingPathComponent(name))
            let y = try Data(contentsOf: b.appendingPathComponent(name))
            #expect(x == y, "\(name) differs between two runs with seed 42")
        }
        let other = try GeneratorFixture.xmlFiles(c)
        var differing = 0
        for name in files where other.contains(name) {
            let x = try Data(contentsOf: a.appendingPathComponent(name))
            let y = try Data(contentsOf: c.appendingPathComponent(name))
            if x != y { differing += 1 }
        }
        #expect(differing > 0 || other != files)
        #expect(
            try Data(contentsOf: a.appendingPathComponent("colleges-0001.xml"))
                != Data(contentsOf: c.appendingPathComponent("colleges-0001.xml"))
        )
        // No temporary files are left behind.
        let all = try FileManager.default.contentsOfDirectory(atPath: a.path)
        #expect(all.sorted() == files)
    }

    @Test("city scale lands near its targets, with a balanced-but-uneven supply")
    func cityCounts() throws {
        let inputs = try GeneratorFixture.inputs()
        let (_, summary) = try Self.city(seed: 7, inputs: inputs)
        let targets = Generator.Scale.city.targets
        #expect(summary.colleges == targets.colleges)
        #expect(abs(summary.programs - targets.programs) <= targets.programs / 10)
        #expect(abs(summary.roles - targets.roles) <= targets.roles / 10)
        #expect(summary.supplyRatio >= 0.6 && summary.supplyRatio <= 1.6)
        #expect(summary.files.filter { $0.hasPrefix("colleges-") }.count == 1)
        #expect(summary.files.filter { $0.hasPrefix("demand-") }.count >= 40)
    }

    @Test("every file is well-formed, of the right kind, illustrative, and references only catalog codes")
    func wellFormedAndReferencesExist() throws {
        let inputs = try GeneratorFixture.inputs()
        let (dir, summary) = try Self.city(seed: 11, inputs: inputs)
        let majors = Dictionary(inputs.majors.map { ($0.code, $0.level.rawValue) }, uniquingKeysWith: { a, _ in a })
        let occupations = Set(inputs.occupations.map(\.code))
        let clusters = Set(inputs.clusters.map(\.id))
        var programs = 0
        var roles = 0
        var withoutOccupation = 0
        var serviceFiles = 0
        var programsWithHistory = 0
        var dual = 0
        var levelMismatches: [String] = []
        var educationByLevel: [String: [String: Int]] = [:]
        for name in try GeneratorFixture.xmlFiles(dir) {
            let file = try GeneratedFileReader.read(dir.appendingPathComponent(name))
            #expect(file.rootAttributes["illustrative"] == "true", "\(name)")
            #expect(file.rootAttributes["source"] == "chanjiao generate --scale city --seed 11", "\(name)")
            if name.hasPrefix("colleges-") {
                #expect(file.root == "colleges" && file.namespace == "urn:chanjiao:colleges:1", "\(name)")
                let types = Dictionary(file.colleges.map { ($0.id, $0.type) }, uniquingKeysWith: { a, _ in a })
                for p in file.programs {
                    let level = majors[p.major]
                    #expect(level != nil, "\(name): program \(p.college)-\(p.major) names an unknown major")
                    let type = types[p.college] ?? ""
                    if !(level == type || (type == "bachelor" && level == "higher")) {
                        levelMismatches.append("\(p.college) \(type) teaches \(p.major) \(level ?? "?")")
                    }
                }
                programs += file.programs.count
                programsWithHistory += file.programsWithHistory
                dual += file.programsWithDualTeacher
            } else {
                #expect(name.hasPrefix("demand-"))
                #expect(file.root == "demand" && file.namespace == "urn:chanjiao:demand:1", "\(name)")
                // A cluster's file names its cluster; a service submission's its GB/T 4754 门类.
                if name.hasPrefix("demand-svc-") {
                    serviceFiles += 1
                    let sector = file.rootAttributes["sector"] ?? ""
                    #expect(sector.count == 1 && "ABCDEFGHIJKLMNOPQRST".contains(sector), "\(name): sector '\(sector)'")
                    #expect(file.rootAttributes["cluster"] == nil, "\(name)")
                } else {
                    #expect(clusters.contains(file.rootAttributes["cluster"] ?? ""), "\(name)")
                }
                for r in file.roles {
                    if let code = r.occupation {
                        #expect(occupations.contains(code), "\(name): unknown occupation \(code)")
                    } else {
                        withoutOccupation += 1
                    }
                    #expect(r.headcount >= 1)
                    // Cluster roles draw their education from their level; service roles from their
                    // classes' graduates, so only the former are held to the level's mix below.
                    if !name.hasPrefix("demand-svc-") { educationByLevel[r.level, default: [:]][r.education, default: 0] += 1 }
                }
                roles += file.roles.count
                #expect(file.skills >= file.roles.count, "\(name): every role has skills")
            }
        }
        #expect(levelMismatches.isEmpty, "\(levelMismatches.prefix(5))")
        #expect(serviceFiles > 0, "no service submission: the colleges' service majors would meet no demand")
        #expect(programs == summary.programs)
        #expect(roles == summary.roles)
        #expect(programsWithHistory == programs)
        #expect(Double(dual) > 0.75 * Double(programs))
        let share = Double(withoutOccupation) / Double(roles)
        #expect(share > 0.05 && share < 0.15, "share of roles without occupation: \(share)")
        // Education follows role level: operators mostly 中职, technicians 高职, engineers 本科.
        #expect((educationByLevel["operator"]?["secondary"] ?? 0) > (educationByLevel["operator"]?["higher"] ?? 0))
        #expect((educationByLevel["operator"]?["bachelor"] ?? 0) == 0)
        #expect((educationByLevel["technician"]?["higher"] ?? 0) > (educationByLevel["technician"]?["bachelor"] ?? 0))
        #expect((educationByLevel["engineer"]?["bachelor"] ?? 0) > (educationByLevel["engineer"]?["higher"] ?? 0))
    }

    @Test("a college's programs cluster in a few 专业大类")
    func programsCluster() throws {
        let inputs = try GeneratorFixture.inputs()
        let (dir, _) = try Self.city(seed: 5, inputs: inputs)
        let file = try GeneratedFileReader.read(dir.appendingPathComponent("colleges-0001.xml"))
        var primaryShares: [Double] = []
        for college in file.colleges {
            let codes = file.programs.filter { $0.college == college.id }.map { Int($0.major.prefix(2))! % 20 }
            var counts: [Int: Int] = [:]
            for c in codes { counts[c, default: 0] += 1 }
            #expect(counts.count <= 5)
            primaryShares.append(Double(counts.values.max() ?? 0) / Double(max(1, codes.count)))
        }
        let mean = primaryShares.reduce(0, +) / Double(primaryShares.count)
        #expect(mean > 0.5, "mean share of a college's largest 专业大类: \(mean)")
    }

    @Test("the random stream is fixed per seed and stream")
    func randomStreams() {
        var a = GeneratorRandom(seed: 1)
        var b = GeneratorRandom(seed: 1)
        var c = GeneratorRandom(seed: 1, stream: 1)
        let xs = (0..<8).map { _ in a.next() }
        #expect(xs == (0..<8).map { _ in b.next() })
        #expect(xs != (0..<8).map { _ in c.next() })
        #expect(Set(xs).count == 8)
    }
}

@Suite("ChongqingSet")
struct ChongqingSetTests {
    /// The package root, from this file's path (Tests/GeneratorTests/…).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let catalogs = root.appendingPathComponent("Catalogs")
    static let shippedCatalogsPresent = ["majors.xml", "occupations.xml", "clusters.xml"].allSatisfy {
        FileManager.default.fileExists(atPath: catalogs.appendingPathComponent($0).path)
    }

    @Test("the Chongqing set from the fixture: 174 示例 colleges, one demand file per 33618 cluster and 416 高地, service files by sector")
    func fromFixture() throws {
        let inputs = try GeneratorFixture.inputs()
        let dir = GeneratorFixture.temporaryDirectory("chongqing")
        let summary = try ChongqingSet.write(inputs: inputs, to: dir)
        #expect(summary.colleges == 174)
        #expect(summary.programs > 1_500 && summary.programs < 4_000)
        #expect(summary.supplyRatio >= 0.6 && summary.supplyRatio <= 1.6)
        let demandFiles = try GeneratorFixture.xmlFiles(dir).filter { $0.hasPrefix("demand-") }
        let clusterFiles = demandFiles.filter { !$0.hasPrefix("demand-svc-") }
        let serviceFiles = demandFiles.filter { $0.hasPrefix("demand-svc-") }
        #expect(clusterFiles.count == 8)  // 6 of 33618 + 2 高地 (tier 4); not the field or the future cluster
        // Service files only for sectors whose classes the fixture's colleges teach (it has 5 sectors).
        #expect(serviceFiles.count >= 3 && serviceFiles.count <= 19, "\(serviceFiles)")
        for name in clusterFiles {
            let file = try GeneratedFileReader.read(dir.appendingPathComponent(name))
            #expect((20...60).contains(file.roles.count), "\(name)")
            #expect(file.rootAttributes["submitter"]?.contains("示例") == true)
            #expect(file.rootAttributes["illustrative"] == "true")
            #expect(file.rootAttributes["cluster"] != nil && file.rootAttributes["sector"] == nil)
        }
        for name in serviceFiles {
            let file = try GeneratedFileReader.read(dir.appendingPathComponent(name))
            #expect((15...60).contains(file.roles.count), "\(name)")
            #expect(file.rootAttributes["submitter"]?.contains("示例") == true)
            #expect(file.rootAttributes["cluster"] == nil)
            #expect(file.rootAttributes["sector"].map { $0.count == 1 && $0 >= "A" && $0 <= "T" } == true)
        }
        let colleges = try GeneratedFileReader.read(dir.appendingPathComponent("colleges-chongqing.xml"))
        #expect(colleges.colleges.allSatisfy { $0.name.contains("示例") })
        #expect(colleges.colleges.filter { $0.type == "secondary" }.count == 130)
        #expect(colleges.colleges.filter { $0.type == "higher" }.count == 42)
        #expect(colleges.colleges.filter { $0.type == "bachelor" }.count == 2)
        let text = try String(contentsOf: dir.appendingPathComponent("colleges-chongqing.xml"), encoding: .utf8)
        #expect(text.split(separator: "\n").dropFirst().first?.hasPrefix("<!-- Illustrative data") == true)
    }

    @Test(
        "the shipped Catalogs/chongqing equals a fresh generation from the shipped catalogs",
        .enabled(
            if: shippedCatalogsPresent,
            "Catalogs/majors.xml, occupations.xml or clusters.xml is absent (written by import-moe)"
        )
    )
    func shippedSetIsFresh() throws {
        let inputs = try GeneratorInputs.load(from: Self.catalogs)
        let dir = GeneratorFixture.temporaryDirectory("shipped")
        _ = try ChongqingSet.write(inputs: inputs, seed: ChongqingSet.defaultSeed, to: dir)
        let shipped = Self.catalogs.appendingPathComponent("chongqing")
        let fresh = try GeneratorFixture.xmlFiles(dir)
        #expect(try GeneratorFixture.xmlFiles(shipped) == fresh)
        for name in fresh {
            let a = try Data(contentsOf: dir.appendingPathComponent(name))
            let b = try Data(contentsOf: shipped.appendingPathComponent(name))
            // A Bool, not `a == b` inside the macro: a failing comparison of two large files would
            // have Swift Testing diff them byte by byte (minutes, stalling the whole suite).
            let same = a == b
            #expect(
                same,
                "Catalogs/chongqing/\(name) is stale: rerun chanjiao generate --scale chongqing --seed 2024 --out Catalogs/chongqing"
            )
        }
    }
}
