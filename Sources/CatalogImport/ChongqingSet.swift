import Catalog
public import Foundation

/// The illustrative Chongqing set shipped in `Catalogs/chongqing/`: 174 invented colleges (every name
/// contains 示例) in real districts, one demand file per 33618 cluster and per 416 科创高地, and one per
/// service submission (`GeneratorService.chongqing`, GB/T 4754 sectors).
public enum ChongqingSet {
    /// The seed the shipped set is generated with.
    public static let defaultSeed: UInt64 = 2024

    /// One invented college: its type, its name, its teaching profile, its district, and its program range.
    struct College {
        var type: EducationLevel
        var name: String
        var profile: GeneratorProfile
        var district: String
        var programs: ClosedRange<Int>
    }

    /// The district's short name in a school name: 江津区 → 江津, 石柱土家族自治县 → 石柱, 两江新区 → 两江.
    static func short(_ district: String) -> String {
        if district == "两江新区" { return "两江" }
        for marker in ["土家族", "苗族", "自治县"] {
            if let r = district.range(of: marker) { return String(district[..<r.lowerBound]) }
        }
        return String(district.dropLast())
    }

    /// 渝东北、渝东南 counties whose 职教中心 lean to agriculture, and those that lean to tourism;
    /// the industrial belt around the centre, whose 职教中心 lean to manufacturing.
    static let ruralDistricts: Set<String> = [
        "潼南区", "梁平区", "垫江县", "忠县", "丰都县", "开州区", "云阳县", "城口县", "巫溪县", "荣昌区",
    ]
    static let tourismDistricts: Set<String> = [
        "武隆区", "石柱土家族自治县", "秀山土家族苗族自治县", "酉阳土家族苗族自治县", "彭水苗族土家族自治县", "巫山县",
        "奉节县", "黔江区", "南川区",
    ]
    static let industrialDistricts: Set<String> = [
        "璧山区", "綦江区", "长寿区", "涪陵区", "江津区", "永川区", "合川区", "大足区", "铜梁区", "万州区",
    ]

    /// The invented colleges, sized to the city's orders of magnitude (see `Guides/Generator.md`):
    /// 130 中职 (a 职业教育中心 in each of the 38 districts and counties, 92 specialised schools),
    /// 42 高职专科 and 2 职业本科. Every name contains 示例.
    static let colleges: [College] = {
        typealias P = GeneratorProfile
        var out: [College] = []
        // 中职: one 职业教育中心 per district or county, flavoured by the local economy.
        for d in GeneratorDistricts.chongqing where d != "两江新区" {
            let flavour: [Int] =
                ruralDistricts.contains(d)
                ? [101, 103, 901]
                : tourismDistricts.contains(d)
                    ? [1401, 1402, 1503]
                    : industrialDistricts.contains(d)
                        ? [601, 603] : [1306, 1308]
            out.append(
                College(
                    type: .secondary, name: "重庆市\(d)示例职业教育中心", profile: P.centre.adding(flavour), district: d,
                    programs: 10...16))
        }
        // 中职: specialised schools, in the districts where such schools cluster.
        let specialised: [(P, String, [String])] = [
            (P.mechanical, "机械工业学校", ["九龙坡区", "沙坪坝区", "江津区", "璧山区", "永川区", "綦江区", "大足区", "巴南区", "两江新区", "合川区", "涪陵区", "长寿区"]),
            (P.automotive, "汽车工程学校", ["两江新区", "渝北区", "巴南区", "九龙坡区", "璧山区", "江津区", "永川区", "涪陵区"]),
            (P.electronics, "电子信息学校", ["两江新区", "渝北区", "沙坪坝区", "南岸区", "九龙坡区", "永川区", "江北区", "北碚区", "万州区"]),
            (P.health, "卫生学校", ["南岸区", "渝中区", "万州区", "涪陵区", "黔江区", "永川区", "江津区", "合川区"]),
            (P.commerce, "商贸学校", ["渝中区", "江北区", "南岸区", "九龙坡区", "沙坪坝区", "万州区", "涪陵区", "永川区", "北碚区", "渝北区"]),
            (P.tourism, "旅游学校", ["渝中区", "南岸区", "武隆区", "奉节县", "石柱土家族自治县", "巫山县", "大足区"]),
            (P.construction, "建筑工程学校", ["沙坪坝区", "九龙坡区", "江北区", "万州区", "渝北区", "巴南区"]),
            (P.transport, "交通学校", ["江津区", "沙坪坝区", "巴南区", "大渡口区", "渝北区"]),
            (P.agriculture, "农业学校", ["荣昌区", "潼南区", "梁平区", "垫江县", "忠县", "开州区"]),
            (P.arts, "艺术学校", ["渝中区", "南岸区", "沙坪坝区", "北碚区", "铜梁区"]),
            (P.preschool, "幼儿师范学校", ["万州区", "合川区", "江津区", "涪陵区", "北碚区"]),
            (P.chemical, "化工学校", ["长寿区", "涪陵区", "綦江区"]),
            (P.light, "轻工学校", ["璧山区", "江北区"]),
            (P.aviation, "航空服务学校", ["渝北区", "万州区"]),
            (P.sports, "体育运动学校", ["大渡口区"]),
            (P.publicService, "社区服务学校", ["渝中区", "九龙坡区", "万州区"]),
        ]
        // Aviation and sports schools teach few majors (中职 has 5 aviation and 4 sports majors).
        let narrow: Set<String> = ["aviation", "sports"]
        for (profile, kind, districts) in specialised {
            for d in districts {
                out.append(
                    College(
                        type: .secondary, name: "重庆市\(short(d))示例\(kind)", profile: profile, district: d,
                        programs: narrow.contains(profile.key) ? 6...9 : 8...14))
            }
        }
        // 高职专科 and 职业本科.
        let higher: [(String, P, String)] = [
            ("重庆示例工业职业技术学院", P.mechanical, "渝北区"),
            ("重庆示例电子工程职业学院", P.electronics, "沙坪坝区"),
            ("重庆示例城市管理职业学院", P.publicService, "沙坪坝区"),
            ("重庆示例工程职业技术学院", P.construction, "江津区"),
            ("重庆示例交通职业学院", P.transport, "江津区"),
            ("重庆示例航天职业技术学院", P.aviation, "江北区"),
            ("重庆示例医药高等专科学校", P.pharmacy, "沙坪坝区"),
            ("重庆示例三峡医药高等专科学校", P.medical, "万州区"),
            ("重庆示例护理职业学院", P.nursing, "大渡口区"),
            ("重庆示例财经职业学院", P.finance, "永川区"),
            ("重庆示例商务职业学院", P.commerce, "沙坪坝区"),
            ("重庆示例旅游职业学院", P.tourism, "黔江区"),
            ("重庆示例化工职业学院", P.chemical, "长寿区"),
            ("重庆示例能源职业学院", P.energy, "璧山区"),
            ("重庆示例电力高等专科学校", P.power, "九龙坡区"),
            ("重庆示例水利电力职业技术学院", P.water, "永川区"),
            ("重庆示例三峡职业学院", P.agriculture, "万州区"),
            ("重庆示例工贸职业技术学院", P.mechanical, "涪陵区"),
            ("重庆示例幼儿师范高等专科学校", P.preschool, "万州区"),
            ("重庆示例文化艺术职业学院", P.arts, "南岸区"),
            ("重庆示例传媒职业学院", P.media, "铜梁区"),
            ("重庆示例安全技术职业学院", P.safety, "万州区"),
            ("重庆示例建筑工程职业学院", P.construction, "南岸区"),
            ("重庆示例青年职业技术学院", P.software, "北碚区"),
            ("重庆示例公共运输职业学院", P.railTransit, "巴南区"),
            ("重庆示例轻工职业学院", P.light, "江北区"),
            ("重庆示例资源与环境保护职业学院", P.environment, "巴南区"),
            ("重庆示例艺术工程职业学院", P.arts, "九龙坡区"),
            ("重庆示例城市职业学院", P.commerce, "永川区"),
            ("重庆示例信息技术职业学院", P.software, "万州区"),
            ("重庆示例科创职业学院", P.electronics, "永川区"),
            ("重庆示例电讯职业学院", P.electronics, "江津区"),
            ("重庆示例汽车职业技术学院", P.automotive, "两江新区"),
            ("重庆示例智能工程职业学院", P.mechanical, "綦江区"),
            ("重庆示例建筑科技职业学院", P.construction, "合川区"),
            ("重庆示例物流职业学院", P.logistics, "巴南区"),
            ("重庆示例体育职业学院", P.sports, "南岸区"),
            ("重庆示例食品职业技术学院", P.food, "涪陵区"),
            ("重庆示例健康职业学院", P.wellness, "南川区"),
            ("重庆示例外语外事职业学院", P.languages, "合川区"),
            ("重庆示例轨道交通职业学院", P.railTransit, "大足区"),
            ("重庆示例材料职业技术学院", P.materials, "荣昌区"),
        ]
        for (name, profile, d) in higher {
            out.append(College(type: .higher, name: name, profile: profile, district: d, programs: 22...36))
        }
        out.append(
            College(
                type: .bachelor, name: "重庆示例机电职业技术大学", profile: P.mechanical, district: "璧山区",
                programs: 24...32))
        out.append(
            College(
                type: .bachelor, name: "重庆示例电子科技职业大学", profile: P.electronics, district: "沙坪坝区",
                programs: 24...32))
        return out
    }()

    /// The clusters that get a demand file: every 33618 cluster and the 416 科创高地 (tier 4), in file order.
    public static func demandClusters(_ inputs: GeneratorInputs) -> [Int] {
        inputs.clusters.indices.filter {
            let c = inputs.clusters[$0]
            return c.system == "33618" || (c.system == "416" && c.tier == "4")
        }
    }

    /// Writes `colleges-chongqing.xml`, one `demand-svc-….xml` per service submission and one
    /// `demand-CLUSTER.xml` per demand cluster into `directory`.
    ///
    /// Deterministic: the same inputs and seed give byte-identical files. Roles: 15–60 per service file,
    /// 20–60 per cluster; graduates/demand 0.8–1.35 per level.
    public static func write(
        inputs: GeneratorInputs,
        seed: UInt64 = defaultSeed,
        to directory: URL
    ) throws(GeneratorError) -> GeneratorSummary {
        let index = try GeneratorIndex(inputs)
        try GeneratorDistricts.makeDirectory(directory)
        let synthesis = GeneratorSynthesis(
            index: index,
            source: "chanjiao generate --scale chongqing --seed \(seed)",
            year: 2026,
            districts: GeneratorDistricts.chongqing
        )
        var tally = GeneratorTally()
        var random = GeneratorRandom(seed: seed, stream: 11)
        var numbers = [0, 0, 0]
        let specs = colleges.map { college in
            numbers[college.type.index] += 1
            let count = random.int(college.programs)
            let prefix =
                switch college.type {
                case .secondary: "CQS"
                case .higher: "CQH"
                case .bachelor: "CQB"
                }
            return GeneratorCollegeSpec(
                id: "\(prefix)\(GeneratorFormat.padded(numbers[college.type.index], 2))",
                name: college.name,
                district: college.district,
                type: college.type,
                profile: college.profile,
                programCount: count
            )
        }
        var programRandom = GeneratorRandom(seed: seed, stream: 12)
        try synthesis.writeColleges(
            specs,
            to: directory.appendingPathComponent("colleges-chongqing.xml"),
            random: &programRandom,
            tally: &tally
        )

        var demandRandom = GeneratorRandom(seed: seed, stream: 13)
        var demandSpecs: [GeneratorDemandSpec] = []
        var skeletons: [GeneratorRoleSkeleton] = []
        let ratios = (0..<3).map { _ in demandRandom.uniform(0.8, 1.35) }
        // Service submissions first: each hires from its classes' graduates (a class listed by several
        // shares its graduates among them) and asks for a share U(0.35, 0.75) of them.
        let pools = GeneratorService.pools(GeneratorService.chongqing, graduatesByClass: tally.graduatesByClass)
        var serviceHeadcount = [0.0, 0.0, 0.0]
        for (service, pool) in zip(GeneratorService.chongqing, pools) {
            let total = pool.reduce(0, +)
            guard total > 0 else { continue }
            let share = demandRandom.uniform(0.35, 0.75)
            let roles = min(60, max(15, Int((total / 400).rounded())))
            let district = random.pick(GeneratorDistricts.chongqing.prefix(22).map { $0 })
            var raw = [0.0, 0.0, 0.0]
            let cumulative = pool.generatorCumulative()
            for _ in 0..<roles {
                let skeleton = GeneratorSynthesis.serviceSkeleton(&demandRandom, cumulative: cumulative)
                raw[skeleton.education.index] += skeleton.raw
                skeletons.append(skeleton)
            }
            let scales = (0..<3).map { l in raw[l] > 0 ? pool[l] * share / raw[l] : 1 }
            for l in 0..<3 where raw[l] > 0 { serviceHeadcount[l] += pool[l] * share }
            demandSpecs.append(
                GeneratorDemandSpec(
                    id: "CQ-\(service.stem)", fileName: "demand-\(service.stem).xml", submitter: service.submitter,
                    cluster: 0, district: district, roleCount: roles, service: service, scales: scales))
        }
        // Cluster submissions take the rest of each level's demand, graduates / r with r drawn from
        // U(0.8, 1.35), and never less than 35 % of it.
        var clusterSkeletons: [GeneratorRoleSkeleton] = []
        for (k, c) in demandClusters(inputs).enumerated() {
            let cluster = inputs.clusters[c]
            let district = random.pick(GeneratorDistricts.chongqing.prefix(22).map { $0 })
            let submitter =
                switch k % 3 {
                case 0: "重庆市示例\(cluster.name)行业协会"
                case 1: "示例\(cluster.name)链主企业（重庆）有限公司"
                default: "重庆\(district)示例\(cluster.name)产业园管委会"
                }
            let stem = cluster.id.utf8.count <= 40 ? cluster.id : "K\(GeneratorFormat.padded(c + 1, 3))"
            let roles = random.int(20...60)
            demandSpecs.append(
                GeneratorDemandSpec(
                    id: "CQ-\(stem)",
                    fileName: "demand-\(stem).xml",
                    submitter: submitter,
                    cluster: c,
                    district: district,
                    roleCount: roles
                )
            )
            let factor = demandRandom.uniform(0.5, 1.8)
            for _ in 0..<roles {
                clusterSkeletons.append(GeneratorSynthesis.skeleton(&demandRandom, clusterFactor: factor))
            }
        }
        let clusterTargets = (0..<3).map { l in
            let demand = Double(tally.graduates[l]) / ratios[l]
            return Int(max(0.35 * demand, demand - serviceHeadcount[l]).rounded())
        }
        let scales = GeneratorSynthesis.scales(skeletons: clusterSkeletons, graduates: clusterTargets, ratios: [1, 1, 1])
        skeletons += clusterSkeletons
        var roleRandom = GeneratorRandom(seed: seed, stream: 14)
        try synthesis.writeDemandFiles(
            demandSpecs, skeletons: skeletons, scales: scales, into: directory, random: &roleRandom, tally: &tally)
        return GeneratorSummary(tally)
    }
}
