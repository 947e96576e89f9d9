import Foundation

/// One college to write: who it is and which sectors (专业大类) its programs come from.
struct GeneratorCollegeSpec {
    var id: String
    var name: String
    var district: String
    var type: GeneratorInputs.Level
    /// What the college teaches: its 专业类 and where K majors are allowed.
    var profile: GeneratorProfile
    var programCount: Int
    /// Whether the college tops up from other 专业大类 when its profile holds fewer majors than
    /// `programCount` (benchmark scales, which must keep their size); the Chongqing set does not.
    var topUp = false
}

/// One demand file to write: one submission by one industry body for one cluster, or (with `service`)
/// by a body of another sector of the economy for a GB/T 4754 sector.
struct GeneratorDemandSpec {
    var id: String
    var fileName: String
    var submitter: String
    var cluster: Int
    var district: String
    var roleCount: Int
    /// The service-sector submission this file stands for, if it is not a cluster's.
    var service: GeneratorService? = nil
    /// Headcount scales per education level for this file alone (service files), else the shared ones.
    var scales: [Double]? = nil
}

/// The drawn shape of one role before its details: level, education level and unscaled headcount.
struct GeneratorRoleSkeleton {
    var level: UInt8  // 0 operator, 1 technician, 2 engineer
    var education: GeneratorInputs.Level
    var raw: Double
}

/// Running totals of what was written.
struct GeneratorTally {
    var files: [String] = []
    var colleges = 0
    var programs = 0
    var roles = 0
    var bytes = 0
    var graduates = [Int](repeating: 0, count: 3)
    var headcount = [Int](repeating: 0, count: 3)
    /// Graduates per education level and class key (`GeneratorProfile.classKey`).
    var graduatesByClass = [[Int: Int]](repeating: [:], count: 3)
}

/// The drawing and writing shared by the benchmark scales and the Chongqing set.
struct GeneratorSynthesis {
    let index: GeneratorIndex
    let source: String
    let year: Int
    let districts: [String]
    /// Multiplies every drawn enrolment, so a scale's graduates land near its real-world total.
    var enrolmentScale: Double = 1

    static let notice =
        "<!-- Illustrative data, made up by chanjiao generate: every college, industry body, district assignment, "
        + "enrolment, rate and headcount here is invented for illustration. Only the codes, names and terms of "
        + "majors, occupations and clusters come from the real catalogs. -->\n"

    var inputs: GeneratorInputs { index.inputs }

    // MARK: Colleges

    /// Writes one `urn:chanjiao:colleges:1` file holding `specs`.
    func writeColleges(
        _ specs: [GeneratorCollegeSpec],
        to url: URL,
        random: inout GeneratorRandom,
        tally: inout GeneratorTally
    ) throws(GeneratorError) {
        let out = try GeneratorWriter(url: url)
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        out.write(Self.notice)
        out.write("<colleges xmlns=\"urn:chanjiao:colleges:1\"")
        out.attribute("year", String(year))
        out.attribute("illustrative", "true")
        out.attribute("source", source)
        out.write(">\n")
        for spec in specs {
            writeCollege(spec, out, &random, &tally)
        }
        out.write("</colleges>\n")
        tally.bytes += try out.commit()
        tally.files.append(url.lastPathComponent)
    }

    private func writeCollege(
        _ spec: GeneratorCollegeSpec,
        _ out: GeneratorWriter,
        _ random: inout GeneratorRandom,
        _ tally: inout GeneratorTally
    ) {
        out.write("  <college")
        out.attribute("id", spec.id)
        out.attribute("name", spec.name)
        out.attribute("district", spec.district)
        out.attribute("type", spec.type.rawValue)
        out.write(">\n")
        let majors = chooseMajors(spec, &random)
        let strength = random.uniform(-0.6, 0.6)  // a college-wide quality offset, in standard deviations
        for m in majors {
            writeProgram(collegeID: spec.id, major: m, strength: strength, out, &random, &tally)
        }
        out.write("  </college>\n")
        tally.colleges += 1
    }

    /// Distinct majors for a college, sorted by code, drawn without replacement from its profile: the
    /// primary classes with weight 3, the secondary ones with weight 1. Minority-medicine majors are never drawn, K
    /// (national-control) majors only in a class the profile allows. A bachelor college takes about 30 %
    /// 高职专科 majors. A college whose profile holds fewer majors than asked teaches fewer programs.
    func chooseMajors(_ spec: GeneratorCollegeSpec, _ random: inout GeneratorRandom) -> [Int] {
        let total = max(1, spec.programCount)
        let profile = spec.profile
        let levels: [(GeneratorInputs.Level, Double)] =
            spec.type == .bachelor ? [(.bachelor, 0.7), (.higher, 0.3)] : [(spec.type, 1.0)]
        var chosen: [Int] = []
        for (level, levelShare) in levels {
            let want = Int((Double(total) * levelShare).rounded())
            var pool: [Int] = []
            var weights: [Double] = []
            for sector in profile.sectors {
                for m in index.majorsByLevelSector[level.rank][sector] where index.allowed(m, profile) {
                    let key = index.classKeys[m]
                    if profile.primary.contains(key) {
                        pool.append(m)
                        weights.append(3)
                    } else if profile.secondary.contains(key) {
                        pool.append(m)
                        weights.append(1)
                    }
                }
            }
            if pool.isEmpty {
                // A catalog without the profile's 专业大类 at this level (a small test catalog): the
                // most popular sector that has majors stands in.
                let w = index.sectorWeights(level)
                if let best = w.indices.max(by: { w[$0] < w[$1] || (w[$0] == w[$1] && $0 > $1) }), w[best] > 0 {
                    pool = index.majorsByLevelSector[level.rank][best].filter { index.allowed($0, profile) }
                    weights = pool.map { _ in 1 }
                }
            }
            var got = random.weightedSample(pool, weights: weights, min(want, pool.count))
            if spec.topUp && got.count < want {
                // Benchmark colleges keep their size: the rest of the profile's 专业大类 first, then the
                // most popular sectors.
                let w = index.sectorWeights(level)
                let others = (0..<GeneratorIndex.sectors).filter { w[$0] > 0 && !profile.sectors.contains($0) }
                    .sorted { w[$0] > w[$1] || (w[$0] == w[$1] && $0 < $1) }
                for sector in profile.sectors + others where got.count < want {
                    let taken = Set(got)
                    let rest = index.majorsByLevelSector[level.rank][sector].filter {
                        !taken.contains($0) && index.allowed($0, profile)
                    }
                    got += random.sample(rest, want - got.count)
                }
            }
            chosen += got
        }
        return chosen.sorted { inputs.majors[$0].code < inputs.majors[$1].code }
    }

    private func writeProgram(
        collegeID: String,
        major m: Int,
        strength: Double,
        _ out: GeneratorWriter,
        _ random: inout GeneratorRandom,
        _ tally: inout GeneratorTally
    ) {
        let major = inputs.majors[m]
        let (lo, hi): (Double, Double) =
            switch major.level {
            case .secondary: (30, 180)
            case .higher: (40, 260)
            case .bachelor: (30, 140)
            }
        var enrolment = lo + (hi - lo) * (random.unit() + random.unit()) / 2
        if random.chance(0.08) { enrolment *= 1.6 }  // a few flagship programs
        let enrol = max(8, Int((enrolment * enrolmentScale).rounded()))
        let graduates = Int((Double(enrol) * random.uniform(0.82, 0.98)).rounded())
        let ind = Self.indicators(&random, strength: strength)
        let capacity = max(enrol, Int((Double(enrol) / ind.fill).rounded()))
        let employment = ind.employment + random.uniform(-0.01, 0.01)
        let (empBase, empStep, fcBase, fcStep, enrolStep) =
            (ind.employment, ind.employmentStep, ind.firstChoice, ind.firstChoiceStep, ind.enrolmentStep)

        out.write("    <program")
        out.attribute("id", "\(collegeID)-\(major.code)")
        out.attribute("major", major.code)
        out.attribute("enrolment", String(enrol))
        out.attribute("graduates", String(graduates))
        out.attribute("employmentRate", GeneratorFormat.share(employment))
        out.attribute("capacity", String(capacity))
        if random.chance(0.85) {
            out.attribute("dualTeacherRatio", GeneratorFormat.share(random.uniform(0.45, 0.92)))
        }
        if random.chance(0.80) {
            let (a, b): (Double, Double) =
                switch major.level {
                case .secondary: (0.66, 0.95)
                case .higher: (0.46, 0.90)
                case .bachelor: (0.42, 0.85)
                }
            out.attribute("localRetention", GeneratorFormat.share(random.uniform(a, b)))
        }
        // About 6 % of programs edit their occupation links: extend with a sibling major's, or (1 %) replace.
        var ownOccupations: [String] = []
        var replace = false
        let edit = random.unit()
        let siblings = index.majorsByClass[major.classCode] ?? []
        if edit < 0.06, siblings.count > 1 {
            let sibling = random.pick(siblings)
            let occs = index.majorOccupations[sibling]
            if !occs.isEmpty {
                replace = edit < 0.01
                var own = replace ? [] : index.majorOccupations[m]
                for o in random.sample(occs, replace ? 2 : 1) where !own.contains(o) {
                    own.append(o)
                    ownOccupations.append(inputs.occupations[o].code)
                }
                if replace && ownOccupations.isEmpty { replace = false }
            }
        }
        if replace { out.attribute("occupations", "replace") }
        out.write(">\n")
        for code in ownOccupations {
            out.write("      <occupation")
            out.attribute("code", code)
            out.write("/>\n")
        }
        // About 20 % of programs add one or two terms of their own (from a sibling major's curriculum).
        if random.chance(0.20), siblings.count > 1 {
            let sibling = random.pick(siblings)
            if sibling != m {
                for term in random.sample(inputs.majors[sibling].terms, random.int(1...2))
                where !major.terms.contains(term) {
                    out.write("      <term>")
                    out.write(XMLText.escape(term))
                    out.write("</term>\n")
                }
            }
        }
        for step in 0..<3 {
            let y = year - 3 + step
            let e = Double(enrol) * (1 - enrolStep * Double(3 - step)) * random.uniform(0.95, 1.05)
            let ye = max(1, Int(e.rounded()))
            out.write("      <year")
            out.attribute("year", String(y))
            out.attribute("enrolment", String(ye))
            out.attribute("graduates", String(Int((Double(ye) * random.uniform(0.82, 0.98)).rounded())))
            out.attribute(
                "employmentRate",
                GeneratorFormat.share(empBase - Double(3 - step) * empStep + random.uniform(-0.015, 0.015))
            )
            out.attribute(
                "firstChoiceRate",
                GeneratorFormat.share(fcBase - Double(2 - step) * fcStep + random.uniform(-0.02, 0.02))
            )
            out.write("/>\n")
        }
        out.write("    </program>\n")
        tally.programs += 1
        tally.graduates[major.level.rank] += graduates
        tally.graduatesByClass[major.level.rank][index.classKeys[m], default: 0] += graduates
    }

    /// A program's drawn indicators: current employment and first-choice levels, their yearly change,
    /// the enrolment fill (enrolment / capacity) and the yearly enrolment change.
    struct Indicators {
        var employment: Double
        var employmentStep: Double
        var firstChoice: Double
        var firstChoiceStep: Double
        var fill: Double
        var enrolmentStep: Double
    }

    /// Draws a program's indicators from a latent quality z = college offset + N(0, 1)-like draw, and a
    /// trend: 3 % struggling (employment 0.48–0.62 now and last year), 9 % declining (employment
    /// 0.745 + 0.05 z, falling 0.025–0.05 a year), 15 % rising, the rest steady (0.885 + 0.055 z).
    /// First choice 0.62 + 0.14 y and fill 0.85 + 0.12 w, where y and w correlate with z, lower on
    /// declining and struggling programs. The steps are the change per year up to now (history = now −
    /// years × step).
    static func indicators(_ random: inout GeneratorRandom, strength: Double) -> Indicators {
        let z = strength + random.standard()
        let y = 0.5 * z + 0.87 * random.standard()
        let w = 0.6 * y + 0.8 * random.standard()
        let t = random.unit()
        var out = Indicators(
            employment: 0.885 + 0.055 * z, employmentStep: 0, firstChoice: 0.62 + 0.14 * y, firstChoiceStep: 0,
            fill: 0.85 + 0.12 * w, enrolmentStep: 0)
        if t < 0.03 {  // struggling: below 0.6 this year and (mostly) last year too
            out.employment = random.uniform(0.48, 0.62)
            out.employmentStep = -random.uniform(0, 0.04)
            out.firstChoice -= 0.12
            out.firstChoiceStep = -random.uniform(0.02, 0.05)
            out.fill -= 0.15
            out.enrolmentStep = -random.uniform(0.08, 0.15)
        } else if t < 0.12 {  // declining
            out.employment = 0.745 + 0.05 * z
            out.employmentStep = -random.uniform(0.025, 0.05)
            out.firstChoice -= 0.06
            out.firstChoiceStep = -random.uniform(0.02, 0.05)
            out.fill -= 0.08
            out.enrolmentStep = -random.uniform(0.04, 0.12)
        } else if t < 0.27 {  // rising
            out.employmentStep = random.uniform(0.005, 0.02)
            out.firstChoiceStep = random.uniform(0.01, 0.03)
            out.enrolmentStep = random.uniform(0.03, 0.10)
        }
        out.employment = min(0.99, max(0.3, out.employment))
        out.firstChoice = min(0.98, max(0.08, out.firstChoice))
        out.fill = min(1, max(0.35, out.fill))
        return out
    }

    // MARK: Demand

    /// Draws a role's level (40 % operator, 42 % technician, 18 % engineer), its education level
    /// (operator → 中职 mostly, technician → 高职, engineer → 本科) and an unscaled headcount.
    static func skeleton(_ random: inout GeneratorRandom, clusterFactor: Double) -> GeneratorRoleSkeleton {
        let u = random.unit()
        let level: UInt8 = u < 0.40 ? 0 : (u < 0.82 ? 1 : 2)
        let v = random.unit()
        let education: GeneratorInputs.Level
        let mean: Double
        switch level {
        case 0:
            education = v < 0.75 ? .secondary : .higher
            mean = 3.0
        case 1:
            education = v < 0.10 ? .secondary : (v < 0.85 ? .higher : .bachelor)
            mean = 1.8
        default:
            education = v < 0.65 ? .bachelor : .higher
            mean = 0.9
        }
        let w = random.unit()
        let skew = 0.25 + 3 * w * w * w  // mean 1, right-skewed
        return GeneratorRoleSkeleton(level: level, education: education, raw: mean * skew * clusterFactor)
    }

    /// A service role's skeleton: its education level drawn in proportion to the graduates its file
    /// hires from (`cumulative` over the three levels), then its level from the education (中职 →
    /// operator 80 %, 高职 → technician 65 % / operator 25 % / engineer 10 %, 本科 → engineer 45 % /
    /// technician 55 %), and the same right-skewed unscaled headcount as a cluster role.
    static func serviceSkeleton(_ random: inout GeneratorRandom, cumulative: [Double]) -> GeneratorRoleSkeleton {
        let education = GeneratorInputs.Level.allCases[random.pick(cumulative: cumulative)]
        let v = random.unit()
        let level: UInt8
        switch education {
        case .secondary: level = v < 0.80 ? 0 : 1
        case .higher: level = v < 0.25 ? 0 : (v < 0.90 ? 1 : 2)
        case .bachelor: level = v < 0.45 ? 2 : 1
        }
        let mean = [3.0, 1.8, 0.9][Int(level)]
        let w = random.unit()
        return GeneratorRoleSkeleton(level: level, education: education, raw: mean * (0.25 + 3 * w * w * w))
    }

    /// Per-education-level headcount scales so that graduates / demand is `ratios[level]` at each level.
    static func scales(
        skeletons: [GeneratorRoleSkeleton],
        graduates: [Int],
        ratios: [Double]
    ) -> [Double] {
        var raw = [Double](repeating: 0, count: 3)
        for s in skeletons { raw[s.education.rank] += s.raw }
        let totalRaw = raw.reduce(0, +)
        let totalGraduates = Double(graduates.reduce(0, +))
        return (0..<3).map { l in
            if raw[l] > 0, graduates[l] > 0 { return Double(graduates[l]) / (ratios[l] * raw[l]) }
            return totalRaw > 0 ? totalGraduates / (ratios[l] * totalRaw) : 1
        }
    }

    /// Writes one demand file per spec into `directory`, handing each spec its run of skeletons
    /// (specs take `roleCount` skeletons each, in order).
    func writeDemandFiles(
        _ specs: [GeneratorDemandSpec],
        skeletons: [GeneratorRoleSkeleton],
        scales: [Double],
        into directory: URL,
        random: inout GeneratorRandom,
        tally: inout GeneratorTally
    ) throws(GeneratorError) {
        var start = 0
        for spec in specs {
            let slice = skeletons[start..<(start + spec.roleCount)]
            start += spec.roleCount
            try writeDemand(
                spec, skeletons: slice, scales: spec.scales ?? scales,
                to: directory.appendingPathComponent(spec.fileName), random: &random, tally: &tally)
        }
    }

    /// Writes one `urn:chanjiao:demand:1` file for `spec` with one role per skeleton.
    func writeDemand(
        _ spec: GeneratorDemandSpec,
        skeletons: ArraySlice<GeneratorRoleSkeleton>,
        scales: [Double],
        to url: URL,
        random: inout GeneratorRandom,
        tally: inout GeneratorTally
    ) throws(GeneratorError) {
        let cluster = inputs.clusters[spec.cluster]
        let out = try GeneratorWriter(url: url)
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        out.write(Self.notice)
        out.write("<demand xmlns=\"urn:chanjiao:demand:1\"")
        out.attribute("id", spec.id)
        out.attribute("submitter", spec.submitter)
        if let service = spec.service {
            out.attribute("sector", service.sector)
        } else {
            out.attribute("cluster", cluster.id)
        }
        out.attribute("period", String(year))
        out.attribute("district", spec.district)
        out.attribute("illustrative", "true")
        out.attribute("source", source)
        out.write(">\n")
        for (n, skeleton) in skeletons.enumerated() {
            writeRole(
                id: "\(spec.id)-R\(GeneratorFormat.padded(n + 1, 3))",
                skeleton: skeleton,
                scale: scales[skeleton.education.rank],
                spec: spec,
                out,
                &random,
                &tally
            )
        }
        out.write("</demand>\n")
        tally.bytes += try out.commit()
        tally.files.append(url.lastPathComponent)
    }

    /// Whether an occupation's 大类 suits a role level: engineers come from 2 (专业技术人员),
    /// operators from 3–6 (办事, 服务, 农业, 生产制造) and never from 1 or 2; technicians from 2–6.
    static func fits(_ code: String, level: UInt8) -> Bool {
        let major = code.utf8.first.map { Int($0) - 48 } ?? 0
        switch level {
        case 0: return (3...6).contains(major)
        case 1: return (2...6).contains(major)
        default: return major == 2
        }
    }

    private func writeRole(
        id: String,
        skeleton: GeneratorRoleSkeleton,
        scale: Double,
        spec: GeneratorDemandSpec,
        _ out: GeneratorWriter,
        _ random: inout GeneratorRandom,
        _ tally: inout GeneratorTally
    ) {
        let c = spec.cluster
        let cluster = inputs.clusters[c]
        let education = skeleton.education
        // A service file draws from the occupations linked to the majors of its classes, and names
        // occupation-less roles after itself.
        let serviceOwn = spec.service.map { index.serviceOccupations($0) }
        let own = serviceOwn?.occupations ?? index.clusterOccupations[c]
        let near = spec.service == nil ? index.clusterNeighbours[c] : []
        let servingMajors = spec.service.map { index.serviceMajors($0) } ?? index.clusterMajors[c]
        let label = spec.service?.name ?? cluster.name
        let labelTerms = spec.service == nil ? cluster.terms : []
        // 10 % of roles come without an occupation code; the rest draw 70 % from the cluster's own
        // occupations, 25 % from occupations linked to the majors that serve the cluster (two hops),
        // 5 % from all occupations linked to any major (weighted by link count). A service file draws
        // all from its own occupations.
        var occupation: Int?
        if !random.chance(0.10) {
            // Up to four draws for an occupation that fits the role level (engineers are 2-xx
            // 专业技术人员; operators are not); the last draw stands.
            for attempt in 0..<4 {
                let u = random.unit()
                let o: Int
                if let serviceOwn, !own.isEmpty {
                    o = own[random.pick(cumulative: serviceOwn.cumulative)]
                } else if !own.isEmpty && u < 0.70 {
                    o = random.pick(own)
                } else if !near.isEmpty && u < 0.95 {
                    o = random.pick(near)
                } else {
                    o = index.linkedOccupations[random.pick(cumulative: index.linkedCumulative)]
                }
                occupation = o
                if attempt == 3 || Self.fits(inputs.occupations[o].code, level: skeleton.level) { break }
            }
            // An occupation no industry cluster hires (a physician, a teacher) leaves the role without a code.
            if spec.service == nil, let o = occupation, !GeneratorIndex.fitsCluster(inputs.occupations[o].code) {
                occupation = nil
            }
        }
        var skills: [(String, Int)] = []  // term, weight in halves
        var seen = Set<String>()
        func add(_ term: String, _ halves: Int) {
            if seen.insert(term).inserted { skills.append((term, halves)) }
        }
        func majorsAtLevel(_ majors: [Int]) -> [Int] {
            let fit = majors.filter { inputs.majors[$0].level == education }
            return fit.isEmpty ? majors : fit
        }
        let name: String
        if let o = occupation {
            let occ = inputs.occupations[o]
            let professional = occ.code.hasPrefix("2-")
            switch skeleton.level {
            case 1 where !professional: name = "\(occ.name)（技师）"
            case 2 where !professional: name = "\(occ.name)（工程师）"
            default: name = occ.name
            }
            for term in random.sample(occ.terms, random.int(2...4)) { add(term, random.int(2...6)) }
            let linked = majorsAtLevel(index.occupationMajors[o])
            for m in random.sample(linked, random.int(1...2)) {
                for term in random.sample(inputs.majors[m].terms, random.int(1...3)) { add(term, random.int(1...5)) }
            }
            if skills.isEmpty { add(occ.name, 2) }
        } else {
            var pool = majorsAtLevel(servingMajors)
            if pool.isEmpty {
                pool = index.majorsByLevelSector[education.rank].first(where: { !$0.isEmpty }) ?? [0]
            }
            let majors = random.sample(pool, 2)
            let anchor = inputs.majors[majors[0]]
            name = "\(label)·\(anchor.name)岗位"
            for m in majors {
                for term in random.sample(inputs.majors[m].terms, random.int(2...3)) { add(term, random.int(1...5)) }
            }
            for term in random.sample(labelTerms, random.int(1...2)) { add(term, random.int(2...4)) }
            if skills.isEmpty { add(anchor.name, 2) }
        }
        let headcount = max(1, Int((skeleton.raw * scale).rounded()))
        let district = random.chance(0.70) ? spec.district : random.pick(districts)
        out.write("  <role")
        out.attribute("id", id)
        out.attribute("name", name)
        if let o = occupation { out.attribute("occupation", inputs.occupations[o].code) }
        out.attribute("level", ["operator", "technician", "engineer"][Int(skeleton.level)])
        out.attribute("headcount", String(headcount))
        out.attribute("educationLevel", education.rawValue)
        out.attribute("growth", GeneratorFormat.fixed(random.uniform(-0.10, 0.30), 2))
        out.attribute("district", district)
        out.write(">\n")
        for (term, halves) in skills {
            out.write("    <skill weight=\"\(halves / 2)\(halves % 2 == 1 ? ".5" : "")\">")
            out.write(XMLText.escape(term))
            out.write("</skill>\n")
        }
        out.write("  </role>\n")
        tally.roles += 1
        tally.headcount[education.rank] += headcount
    }
}
