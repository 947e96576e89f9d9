import Catalog
public import Foundation

/// The seeded scale generator behind `chanjiao generate`: synthetic colleges and demand drawn from the
/// real majors, occupations and clusters, streamed to disk, byte-identical for one seed.
public enum Generator {
    /// A benchmark scale: how many colleges, programs and roles to aim for.
    public enum Scale: String, Sendable, CaseIterable {
        /// One city (Chongqing-sized): ~200 colleges, ~5,000 programs, ~2,000 roles.
        case city
        /// One large province: ~1,000 colleges, ~30,000 programs, ~10,000 roles.
        case province
        /// The whole country: ~9,000 colleges, ~300,000 programs, ~100,000 roles.
        case national

        /// The scale's targets.
        public var targets: Targets {
            switch self {
            case .city: Targets(colleges: 200, programs: 5_000, roles: 2_000)
            case .province: Targets(colleges: 1_000, programs: 30_000, roles: 10_000)
            case .national: Targets(colleges: 9_000, programs: 300_000, roles: 100_000)
            }
        }

        /// The districts colleges and roles are placed in: Chongqing's 38 for a city; for a province the
        /// real prefectures of 四川省 (21), each split into invented `示例N区`; for the nation the 31 real
        /// provinces, each with 8 invented cities of 3 districts (`{province}示例NN市N区`).
        var districts: [String] {
            switch self {
            case .city:
                return GeneratorDistricts.chongqing
            case .province:
                // 80 districts: the capital 8, the next four 5 each, the next four 4, the other twelve 3.
                return GeneratorDistricts.sichuan.enumerated().flatMap { i, city in
                    let n = i == 0 ? 8 : (i < 5 ? 5 : (i < 9 ? 4 : 3))
                    return (1...n).map { "四川省\(city)示例\($0)区" }
                }
            case .national:
                return GeneratorDistricts.provinces.flatMap { p in
                    (1...8).flatMap { c in (1...3).map { "\(p)示例\(GeneratorFormat.padded(c, 2))市\($0)区" } }
                }
            }
        }

        /// Graduates a year the scale aims at, near the real figure it stands for (see `Guides/Generator.md`):
        /// Chongqing about 300,000, a large province (四川) about 700,000, China about 10 million.
        public var graduates: Int {
            switch self {
            case .city: 300_000
            case .province: 700_000
            case .national: 10_000_000
            }
        }
    }

    /// Target counts for a scale.
    public struct Targets: Sendable, Equatable {
        /// Colleges to write.
        public var colleges: Int
        /// Programs to aim for (within a few per cent).
        public var programs: Int
        /// Demand roles to aim for (within a few per cent).
        public var roles: Int

        /// Creates targets.
        public init(colleges: Int, programs: Int, roles: Int) {
            self.colleges = colleges
            self.programs = programs
            self.roles = roles
        }
    }

    /// Colleges per `colleges-NNNN.xml` file, at most.
    public static let collegesPerFile = 1_000

    /// Writes colleges (`colleges-NNNN.xml`) and demand (`demand-CLUSTER-NNN.xml`) for `scale` into
    /// `directory` (created if needed); each file is written to a temporary name and renamed into place.
    ///
    /// - Complexity: O(programs + roles × skills) time; memory O(colleges per file + roles) small records,
    ///   independent of the output size.
    public static func write(
        inputs: GeneratorInputs,
        scale: Scale,
        seed: UInt64,
        to directory: URL
    ) throws(GeneratorError) -> GeneratorSummary {
        try write(
            inputs: inputs,
            targets: scale.targets,
            districts: scale.districts,
            scaleName: scale.rawValue,
            graduates: scale.graduates,
            seed: seed,
            to: directory
        )
    }

    /// Like `write(inputs:scale:seed:to:)` with explicit targets (used by tests for small runs).
    public static func write(
        inputs: GeneratorInputs,
        targets: Targets,
        seed: UInt64,
        to directory: URL
    ) throws(GeneratorError) -> GeneratorSummary {
        try write(
            inputs: inputs,
            targets: targets,
            districts: GeneratorDistricts.chongqing,
            scaleName: "custom",
            graduates: nil,
            seed: seed,
            to: directory
        )
    }

    static func write(
        inputs: GeneratorInputs,
        targets: Targets,
        districts: [String],
        scaleName: String,
        graduates: Int?,
        seed: UInt64,
        to directory: URL
    ) throws(GeneratorError) -> GeneratorSummary {
        let index = try GeneratorIndex(inputs)
        try GeneratorDistricts.makeDirectory(directory)
        var synthesis = GeneratorSynthesis(
            index: index,
            source: "chanjiao generate --scale \(scaleName) --seed \(seed)",
            year: 2026,
            districts: districts
        )
        // Unscaled, a program graduates about 126 a year (the enrolment ranges × 0.9 with flagships, by type mix).
        if let graduates { synthesis.enrolmentScale = Double(graduates) / (126 * Double(max(1, targets.programs))) }
        var tally = GeneratorTally()

        // Colleges: type mix 45 % 中职, 50 % 高职专科, 5 % 职业本科; districts Zipf-like (central ones denser).
        var specRandom = GeneratorRandom(seed: seed, stream: 1)
        var programRandom = GeneratorRandom(seed: seed, stream: 2)
        let districtCumulative = (0..<districts.count).map { 1 / (1 + Double($0) / 6) }.generatorCumulative()
        let typeShares: [(EducationLevel, Double, Double)] = [
            (.secondary, 0.45, 0.65), (.higher, 0.50, 1.30), (.bachelor, 0.05, 1.40),
        ]
        let meanFactor = typeShares.reduce(0) { $0 + $1.1 * $1.2 }
        let typeCumulative = typeShares.map(\.1).generatorCumulative()
        let perCollege = Double(targets.programs) / Double(max(1, targets.colleges))
        let profileCumulative = GeneratorProfile.benchmark.map(\.1).generatorCumulative()
        var usedNames = Set<String>()
        let fileCount = max(1, (targets.colleges + collegesPerFile - 1) / collegesPerFile)
        let perFile = (targets.colleges + fileCount - 1) / fileCount
        var next = 0
        for file in 0..<fileCount {
            var specs: [GeneratorCollegeSpec] = []
            while next < targets.colleges && specs.count < perFile {
                next += 1
                let (type, _, factor) = typeShares[specRandom.pick(cumulative: typeCumulative)]
                let district = districts[specRandom.pick(cumulative: districtCumulative)]
                let profile = GeneratorProfile.benchmark[specRandom.pick(cumulative: profileCumulative)].0
                let count = Int((perCollege * factor / meanFactor * specRandom.uniform(0.6, 1.4)).rounded())
                let name = uniqueName(district: district, sector: profile.nameCore, type: type, used: &usedNames)
                specs.append(
                    GeneratorCollegeSpec(
                        id: "C\(GeneratorFormat.padded(next, 5))",
                        name: name,
                        district: district,
                        type: type,
                        profile: profile,
                        programCount: max(3, count),
                        topUp: true
                    )
                )
            }
            let url = directory.appendingPathComponent("colleges-\(GeneratorFormat.padded(file + 1, 4)).xml")
            try synthesis.writeColleges(specs, to: url, random: &programRandom, tally: &tally)
        }

        // Demand: ~40 roles per file. Service submissions (GB/T 4754 sectors: hospitals, banks,
        // shops, logistics …) hire from their classes' graduates, as in the Chongqing set, so that
        // every 专业大类 the colleges teach meets some demand; the 33618 and 416 clusters take the
        // rest of each level's demand, their files shared by tier weight (largest remainder).
        var demandRandom = GeneratorRandom(seed: seed, stream: 3)
        var roleRandom = GeneratorRandom(seed: seed, stream: 4)
        let fileTotal = max(1, Int((Double(targets.roles) / 40).rounded()))
        let meanRoles = Double(targets.roles) / Double(fileTotal)
        let ratios = (0..<3).map { _ in demandRandom.uniform(0.8, 1.35) }
        let demand = (0..<3).map { Double(tally.graduates[$0]) / ratios[$0] }
        let services = GeneratorService.chongqing
        // Each service's pool per level and the share U(0.35, 0.75) of it that it asks for.
        let pools = GeneratorService.pools(services, graduatesByClass: tally.graduatesByClass)
        let shares = services.map { _ in demandRandom.uniform(0.35, 0.75) }
        let serviceByLevel = (0..<3).map { l in services.indices.reduce(0.0) { $0 + pools[$1][l] * shares[$1] } }
        let clusterTargets = (0..<3).map { l in max(0.35 * demand[l], demand[l] - serviceByLevel[l]) }
        let serviceTotals = services.indices.map { i in pools[i].reduce(0, +) * shares[i] }
        let files = apportion(fileTotal, weights: serviceTotals + [clusterTargets.reduce(0, +)])
        var specs: [GeneratorDemandSpec] = []
        var skeletons: [GeneratorRoleSkeleton] = []
        for (i, service) in services.enumerated() where files[i] > 0 {
            let cumulative = pools[i].generatorCumulative()
            var raw = [0.0, 0.0, 0.0]
            let first = specs.count
            for k in 0..<files[i] {
                let district = districts[demandRandom.pick(cumulative: districtCumulative)]
                let roles = max(5, Int((meanRoles * demandRandom.uniform(0.5, 1.5)).rounded()))
                let suffix = GeneratorFormat.padded(k + 1, 3)
                specs.append(
                    GeneratorDemandSpec(
                        id: "D-\(service.stem)-\(suffix)", fileName: "demand-\(service.stem)-\(suffix).xml",
                        submitter: "\(district)示例\(service.name)\(k < 1 ? "" : "第\(k + 1)")行业协会", cluster: 0,
                        district: district, roleCount: roles, service: service))
                for _ in 0..<roles {
                    let skeleton = GeneratorSynthesis.serviceSkeleton(&demandRandom, cumulative: cumulative)
                    raw[skeleton.education.index] += skeleton.raw
                    skeletons.append(skeleton)
                }
            }
            let scales = (0..<3).map { l in raw[l] > 0 ? pools[i][l] * shares[i] / raw[l] : 1 }
            for f in first..<specs.count { specs[f].scales = scales }
        }
        let weights = inputs.clusters.map(clusterWeight)
        let filesPerCluster = apportion(files[services.count], weights: weights)
        var clusterSkeletons: [GeneratorRoleSkeleton] = []
        for (c, files) in filesPerCluster.enumerated() where files > 0 {
            let cluster = inputs.clusters[c]
            let stem = cluster.id.utf8.count <= 40 ? cluster.id : "K\(GeneratorFormat.padded(c + 1, 3))"
            for k in 0..<files {
                let district = districts[demandRandom.pick(cumulative: districtCumulative)]
                let roles = max(5, Int((meanRoles * demandRandom.uniform(0.5, 1.5)).rounded()))
                let suffix = GeneratorFormat.padded(k + 1, 3)
                specs.append(
                    GeneratorDemandSpec(
                        id: "D-\(stem)-\(suffix)",
                        fileName: "demand-\(stem)-\(suffix).xml",
                        submitter: submitterName(cluster: cluster.name, district: district, k: k),
                        cluster: c,
                        district: district,
                        roleCount: roles
                    )
                )
                let factor = demandRandom.uniform(0.5, 1.8)  // some clusters short, some oversupplied
                for _ in 0..<roles {
                    clusterSkeletons.append(GeneratorSynthesis.skeleton(&demandRandom, clusterFactor: factor))
                }
            }
        }
        let scales = GeneratorSynthesis.scales(
            skeletons: clusterSkeletons, graduates: clusterTargets.map { Int($0.rounded()) }, ratios: [1, 1, 1])
        skeletons += clusterSkeletons
        try synthesis.writeDemandFiles(
            specs, skeletons: skeletons, scales: scales, into: directory, random: &roleRandom, tally: &tally)
        return GeneratorSummary(tally)
    }

    /// Tier weights for sharing demand files: 万亿级 4, 五千亿级 3, 千亿级 2, 新星 1; 416 高地 1.5,
    /// fields 0.7; future industries 0.5.
    static func clusterWeight(_ cluster: GeneratorInputs.Cluster) -> Double {
        switch cluster.system {
        case "33618":
            if cluster.tier.hasPrefix("3T") { return 4 }
            if cluster.tier.hasPrefix("3F") { return 3 }
            if cluster.tier.hasPrefix("6") { return 2 }
            return 1
        case "416":
            return cluster.tier == "4" ? 1.5 : 0.7
        default:
            return 0.5
        }
    }

    /// Splits `total` into integer parts proportional to `weights` (largest remainder, ties by index).
    static func apportion(_ total: Int, weights: [Double]) -> [Int] {
        let sum = weights.reduce(0, +)
        guard sum > 0 else { return weights.map { _ in 0 } }
        let exact = weights.map { Double(total) * $0 / sum }
        var parts = exact.map { Int($0) }
        let order = exact.indices.sorted {
            let a = exact[$0] - Double(parts[$0])
            let b = exact[$1] - Double(parts[$1])
            return a > b || (a == b && $0 < $1)
        }
        var left = total - parts.reduce(0, +)
        for i in order where left > 0 {
            parts[i] += 1
            left -= 1
        }
        return parts
    }

    static func uniqueName(
        district: String,
        sector: String,
        type: EducationLevel,
        used: inout Set<String>
    ) -> String {
        let suffix =
            switch type {
            case .secondary: "职业学校"
            case .higher: "职业技术学院"
            case .bachelor: "职业技术大学"
            }
        let spec = sector.isEmpty ? "综合" : sector
        let suffixed = spec.hasSuffix(suffix) || spec.hasSuffix("中心")
        var name = suffixed ? "\(district)示例\(spec)" : "\(district)示例\(spec)\(suffix)"
        var n = 2
        while !used.insert(name).inserted {
            name = suffixed ? "\(district)示例第\(n)\(spec)" : "\(district)示例第\(n)\(spec)\(suffix)"
            n += 1
        }
        return name
    }

    static func submitterName(cluster: String, district: String, k: Int) -> String {
        let n = k / 3 == 0 ? "" : "第\(k / 3 + 1)"
        switch k % 3 {
        case 0: return "示例\(cluster)\(n)行业协会"
        case 1: return "示例\(cluster)\(n)链主企业有限公司"
        default: return "\(district)示例\(cluster)\(n)产业园管委会"
        }
    }
}

/// What `chanjiao generate` wrote: files, counts, bytes, graduates and demand by education level.
public struct GeneratorSummary: Sendable, Equatable, CustomStringConvertible {
    /// File names written, in writing order.
    public var files: [String]
    /// Colleges written.
    public var colleges: Int
    /// Programs written.
    public var programs: Int
    /// Demand roles written.
    public var roles: Int
    /// Bytes written over all files.
    public var bytes: Int
    /// Current graduates per education level (secondary, higher, bachelor).
    public var graduates: [Int]
    /// Demand headcount per education level (secondary, higher, bachelor).
    public var headcount: [Int]

    init(_ tally: GeneratorTally) {
        files = tally.files
        colleges = tally.colleges
        programs = tally.programs
        roles = tally.roles
        bytes = tally.bytes
        graduates = tally.graduates
        headcount = tally.headcount
    }

    /// Total graduates over total demand headcount.
    public var supplyRatio: Double {
        let d = headcount.reduce(0, +)
        return d == 0 ? 0 : Double(graduates.reduce(0, +)) / Double(d)
    }

    /// One line: files, colleges, programs, roles, bytes and the supply ratio.
    public var description: String {
        let g = GeneratorFormat.grouped
        return "\(g(files.count)) files, \(g(colleges)) colleges, \(g(programs)) programs, \(g(roles)) roles, "
            + "\(g(bytes)) bytes; graduates \(g(graduates.reduce(0, +))) / demand \(g(headcount.reduce(0, +))) = "
            + GeneratorFormat.fixed(supplyRatio, 2)
    }
}

/// District names and output-directory handling shared by the generator and the Chongqing set.
enum GeneratorDistricts {
    /// Chongqing's 38 districts and counties, plus 两江新区 (a state-level new area that plans as one).
    static let chongqing = [
        "两江新区", "渝中区", "江北区", "南岸区", "渝北区", "沙坪坝区", "九龙坡区", "大渡口区", "巴南区", "北碚区",
        "永川区", "江津区", "璧山区", "合川区", "长寿区", "涪陵区", "綦江区", "大足区", "荣昌区", "铜梁区",
        "潼南区", "万州区", "南川区", "黔江区", "开州区", "梁平区", "武隆区", "云阳县", "奉节县", "垫江县",
        "忠县", "丰都县", "石柱土家族自治县", "秀山土家族苗族自治县", "酉阳土家族苗族自治县",
        "彭水苗族土家族自治县", "巫山县", "巫溪县", "城口县",
    ]

    /// The 21 prefecture-level divisions of 四川省 (the province scale's model), capital first.
    static let sichuan = [
        "成都市", "绵阳市", "宜宾市", "德阳市", "南充市", "泸州市", "达州市", "乐山市", "内江市", "自贡市", "眉山市",
        "遂宁市", "广安市", "攀枝花市", "资阳市", "广元市", "雅安市", "巴中市", "凉山彝族自治州", "甘孜藏族自治州",
        "阿坝藏族羌族自治州",
    ]

    /// China's 31 provincial-level divisions (the national scale's model).
    static let provinces = [
        "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市", "江苏省", "浙江省",
        "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "广西壮族自治区", "海南省", "重庆市",
        "四川省", "贵州省", "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区",
    ]

    static func makeDirectory(_ directory: URL) throws(GeneratorError) {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw GeneratorError.output(path: directory.path, message: "cannot create directory: \(error)")
        }
    }
}
