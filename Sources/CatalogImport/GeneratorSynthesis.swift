import Catalog
import Foundation

/// One college to write: who it is and which sectors (专业大类) its programs come from.
struct GeneratorCollegeSpec {
    var id: String
    var name: String
    var district: String
    var type: EducationLevel
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
    var education: EducationLevel
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
        let levels: [(EducationLevel, Double)] =
            spec.type == .bachelor ? [(.bachelor, 0.7), (.higher, 0.3)] : [(spec.type, 1.0)]
        var chosen: [Int] = []
        for (level, levelShare) in levels {
            let want = Int((Double(total) * levelShare).rounded())
            var pool: [Int] = []
            var weights: [Double] = []
            for sector in profile.sectors {
                for m in index.majorsByLevelSector[level.index][sector] where index.allowed(m, profile) {
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
                    pool = index.majorsByLevelSector[level.index][best].filter { index.allowed($0, profile) }
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
                    let rest = index.majorsByLevelSector[level.index][sector].filter {
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
                    out.write(MarkupText.escaped(term, for: .xml))
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
        tally.graduates[major.level.index] += graduates
        tally.graduatesByClass[major.level.index][index.classKeys[m], default: 0] += graduates
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
}
