import Catalog

/// Integer-indexed views of `GeneratorInputs` that the synthesis draws from.
///
/// Sectors are the 19 专业大类 shared by the three levels: the category code modulo 20
/// (装备制造 is 66 for 中职, 46 for 高职专科, 26 for 职业本科: sector 6).
struct GeneratorIndex {
    static let sectors = 20

    let inputs: GeneratorInputs
    /// Major indices per level (by `EducationLevel.index`) and sector, in file order.
    let majorsByLevelSector: [[[Int]]]
    /// Major indices per class code, in file order.
    let majorsByClass: [String: [Int]]
    /// Valid occupation indices per major (links to codes the dictionary has).
    let majorOccupations: [[Int]]
    /// Major indices linked to each occupation, in file order.
    let occupationMajors: [[Int]]
    /// Occupation index by code.
    let occupationByCode: [String: Int]
    /// Occupations linked to at least one major, and cumulative weights (number of linked majors).
    let linkedOccupations: [Int]
    let linkedCumulative: [Double]
    /// Valid occupation indices per cluster.
    let clusterOccupations: [[Int]]
    /// Majors linked to the occupations of each cluster (deduplicated, in first-seen order).
    let clusterMajors: [[Int]]
    /// Occupations two hops from each cluster (linked to its majors) that are not its own but sit in
    /// the same 中类 (`6-17`, say) as one of its own: a major that serves a cluster also leads to
    /// occupations of other trades (a surveying major to railway freight), which the cluster would
    /// not ask for.
    let clusterNeighbours: [[Int]]
    /// Sector name (category name without 大类) per sector, from the first major seen.
    let sectorNames: [String]
    /// Class key (`sector × 100 + class`, see `GeneratorProfile`) per major.
    let classKeys: [Int]
    /// Per major: a minority-medicine major, which no generated college teaches.
    let minorityMedicine: [Bool]

    init(_ inputs: GeneratorInputs) throws(GeneratorError) {
        self.inputs = inputs
        var byLevelSector = [[[Int]]](
            repeating: [[Int]](repeating: [], count: Self.sectors),
            count: EducationLevel.allCases.count
        )
        var byClass: [String: [Int]] = [:]
        var names = [String](repeating: "", count: Self.sectors)
        for (i, major) in inputs.majors.enumerated() {
            let sector = Self.sector(ofCode: major.code)
            byLevelSector[major.level.index][sector].append(i)
            byClass[major.classCode, default: []].append(i)
            if names[sector].isEmpty, !major.categoryName.isEmpty {
                var name = major.categoryName
                if name.hasSuffix("大类") { name.removeLast(2) }
                names[sector] = name
            }
        }
        var byCode: [String: Int] = [:]
        for (i, occupation) in inputs.occupations.enumerated() where byCode[occupation.code] == nil {
            byCode[occupation.code] = i
        }
        var majorOccupations = [[Int]](repeating: [], count: inputs.majors.count)
        var occupationMajors = [[Int]](repeating: [], count: inputs.occupations.count)
        for (i, major) in inputs.majors.enumerated() {
            for code in major.occupations {
                guard let o = byCode[code], !majorOccupations[i].contains(o) else { continue }
                majorOccupations[i].append(o)
                occupationMajors[o].append(i)
            }
        }
        var linked: [Int] = []
        var weights: [Double] = []
        for (o, majors) in occupationMajors.enumerated() where !majors.isEmpty {
            linked.append(o)
            weights.append(Double(majors.count))
        }
        var clusterOccupations: [[Int]] = []
        var clusterMajors: [[Int]] = []
        var clusterNeighbours: [[Int]] = []
        for cluster in inputs.clusters {
            var occs: [Int] = []
            var seen = Set<Int>()
            for code in cluster.occupations {
                if let o = byCode[code], seen.insert(o).inserted, Self.fitsCluster(code) { occs.append(o) }
            }
            var majors: [Int] = []
            var seenMajors = Set<Int>()
            for o in occs {
                for m in occupationMajors[o] where seenMajors.insert(m).inserted { majors.append(m) }
            }
            let ownGroups = Set(occs.map { Self.middleGroup(inputs.occupations[$0].code) })
            var neighbours: [Int] = []
            for m in majors {
                for o in majorOccupations[m] where seen.insert(o).inserted {
                    let code = inputs.occupations[o].code
                    if Self.fitsCluster(code) && ownGroups.contains(Self.middleGroup(code)) { neighbours.append(o) }
                }
            }
            clusterOccupations.append(occs)
            clusterMajors.append(majors)
            clusterNeighbours.append(neighbours)
        }
        guard !inputs.majors.isEmpty else { throw .insufficientInput("no majors") }
        guard !linked.isEmpty else { throw .insufficientInput("no major is linked to an occupation of the dictionary") }
        guard !inputs.clusters.isEmpty else { throw .insufficientInput("no clusters") }
        for level in EducationLevel.allCases where byLevelSector[level.index].allSatisfy(\.isEmpty) {
            throw .insufficientInput("no \(level.rawValue) majors")
        }
        majorsByLevelSector = byLevelSector
        majorsByClass = byClass
        self.majorOccupations = majorOccupations
        self.occupationMajors = occupationMajors
        occupationByCode = byCode
        linkedOccupations = linked
        linkedCumulative = weights.generatorCumulative()
        self.clusterOccupations = clusterOccupations
        self.clusterMajors = clusterMajors
        self.clusterNeighbours = clusterNeighbours
        sectorNames = names
        classKeys = inputs.majors.map { GeneratorProfile.classKey($0.classCode) }
        minorityMedicine = inputs.majors.map { GeneratorProfile.isMinorityMedicine($0.name) }
    }

    /// The majors a service file hires from: every major of its classes at any level, minority
    /// medicine left out, in file order.
    func serviceMajors(_ service: GeneratorService) -> [Int] {
        inputs.majors.indices.filter { service.classes.contains(classKeys[$0]) && !minorityMedicine[$0] }
    }

    /// The occupations a service file draws from: those linked to its majors, in first-seen order, with
    /// cumulative weights = how many of its majors link to each. A hospital thus asks mostly for nurses
    /// and technicians (linked from 护理, 助产, 医学检验 … at three levels) and seldom for a physician
    /// specialty (linked from 临床医学 alone).
    func serviceOccupations(_ service: GeneratorService) -> (occupations: [Int], cumulative: [Double]) {
        var position: [Int: Int] = [:]
        var out: [Int] = []
        var weights: [Double] = []
        for m in serviceMajors(service) {
            for o in majorOccupations[m] where service.hires(inputs.occupations[o].code) {
                if let i = position[o] {
                    weights[i] += 1
                } else {
                    position[o] = out.count
                    out.append(o)
                    weights.append(1)
                }
            }
        }
        return (out, weights.generatorCumulative())
    }

    /// Whether a college of `profile` may teach major `m`: never a minority-medicine major, and a K
    /// (national-control) major only in a class the profile allows.
    func allowed(_ m: Int, _ profile: GeneratorProfile) -> Bool {
        if minorityMedicine[m] { return false }
        if GeneratorProfile.isNationalControl(inputs.majors[m].code) { return profile.allowK.contains(classKeys[m]) }
        return true
    }

    /// The 中类 of an occupation code: its first two parts (`6-17` of `6-17-10-02`).
    static func middleGroup(_ code: String) -> Substring {
        let parts = code.split(separator: "-", maxSplits: 2)
        guard parts.count >= 2 else { return code[...] }
        return code[code.startIndex..<parts[1].endIndex]
    }

    /// Whether an occupation suits a role of an industry cluster: clusters hire no physicians, nurses,
    /// teachers or public servants (2-05-01…05 and 2-05-08/09 卫生专业人员 except pharmacists and
    /// technicians, 2-08 教学人员, 1 and 3-01/3-02 机关/安全保卫), whatever the cluster's links say.
    static func fitsCluster(_ code: String) -> Bool {
        for prefix in ["1-", "2-05-01", "2-05-02", "2-05-03", "2-05-04", "2-05-05", "2-05-08", "2-05-09", "2-08", "3-02"]
        where code.hasPrefix(prefix) {
            return false
        }
        return true
    }

    /// The sector (1…19) of a major code: its category code modulo 20.
    static func sector(ofCode code: String) -> Int {
        let digits = code.utf8.prefix(2).map { Int($0) - 48 }
        guard digits.count == 2, digits.allSatisfy({ (0...9).contains($0) }) else { return 0 }
        return (digits[0] * 10 + digits[1]) % 20
    }

    /// Sectors that have majors at `level`, with a popularity weight: √(majors) × how common such
    /// colleges are (装备制造, 电子与信息, 财经商贸, 医药卫生 lead; 公安与司法 is rare).
    func sectorWeights(_ level: EducationLevel) -> [Double] {
        (0..<Self.sectors).map { s in
            let n = majorsByLevelSector[level.index][s].count
            return n == 0 ? 0 : Double(n).squareRoot() * Self.popularity[s]
        }
    }

    static let popularity: [Double] = [
        0, 0.8, 0.6, 0.7, 1.2, 0.4, 2.0, 0.8, 0.7, 0.7, 1.4, 1.9, 1.6, 1.8, 1.0, 1.0, 0.6, 1.2, 0.2, 0.8,
    ]
}
