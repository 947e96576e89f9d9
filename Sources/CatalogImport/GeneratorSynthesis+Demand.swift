import Catalog
import Foundation

/// The demand half of the synthesis: role skeletons, their scales, and the demand files.
extension GeneratorSynthesis {
    /// Draws a role's level (40 % operator, 42 % technician, 18 % engineer), its education level
    /// (operator → 中职 mostly, technician → 高职, engineer → 本科) and an unscaled headcount.
    static func skeleton(_ random: inout GeneratorRandom, clusterFactor: Double) -> GeneratorRoleSkeleton {
        let u = random.unit()
        let level: UInt8 = u < 0.40 ? 0 : (u < 0.82 ? 1 : 2)
        let v = random.unit()
        let education: EducationLevel
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
        let education = EducationLevel.allCases[random.pick(cumulative: cumulative)]
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
        for s in skeletons { raw[s.education.index] += s.raw }
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
                scale: scales[skeleton.education.index],
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
        // 10 % of roles come without an occupation code; the rest draw 75 % from the cluster's own
        // occupations and 25 % from occupations linked to the majors that serve the cluster (two
        // hops), so that a cluster never asks for an occupation unrelated to it (a securities
        // analyst in light alloys); all occupations linked to any major (weighted by link count)
        // only for a cluster with neither. A service file draws all from its own occupations.
        var occupation: Int?
        if !random.chance(0.10) {
            // Up to four draws for an occupation that fits the role level (engineers are 2-xx
            // 专业技术人员; operators are not); the last draw stands.
            for attempt in 0..<4 {
                let u = random.unit()
                let o: Int
                if let serviceOwn, !own.isEmpty {
                    o = own[random.pick(cumulative: serviceOwn.cumulative)]
                } else if !own.isEmpty && (u < 0.75 || near.isEmpty) {
                    o = random.pick(own)
                } else if !near.isEmpty {
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
                pool = index.majorsByLevelSector[education.index].first(where: { !$0.isEmpty }) ?? [0]
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
            out.write(MarkupText.escaped(term, for: .xml))
            out.write("</skill>\n")
        }
        out.write("  </role>\n")
        tally.roles += 1
        tally.headcount[education.index] += headcount
    }
}
