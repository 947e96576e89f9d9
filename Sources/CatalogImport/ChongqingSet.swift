public import Foundation

/// The illustrative Chongqing set shipped in `Catalogs/chongqing/`: about 60 invented colleges (every
/// name contains 示例) in real districts, and one demand file per 33618 cluster and per 416 科创高地.
public enum ChongqingSet {
    /// The seed the shipped set is generated with.
    public static let defaultSeed: UInt64 = 2024

    /// One invented college: its type, the specialty in its name, its sectors (专业大类 mod 20), its district.
    struct College {
        var type: GeneratorInputs.Level
        var name: String
        var sectors: [Int]
        var district: String
    }

    // Sectors: 1 农林牧渔 2 资源环境与安全 3 能源动力与材料 4 土木建筑 5 水利 6 装备制造 7 生物与化工
    // 8 轻工纺织 9 食品药品与粮食 10 交通运输 11 电子与信息 12 医药卫生 13 财经商贸 14 旅游 15 文化艺术
    // 16 新闻传播 17 教育与体育 18 公安与司法 19 公共管理与服务.
    static let colleges: [College] = {
        func s(_ name: String, _ sectors: [Int], _ district: String) -> College {
            College(type: .secondary, name: name, sectors: sectors, district: district)
        }
        func h(_ name: String, _ sectors: [Int], _ district: String) -> College {
            College(type: .higher, name: name, sectors: sectors, district: district)
        }
        func b(_ name: String, _ sectors: [Int], _ district: String) -> College {
            College(type: .bachelor, name: name, sectors: sectors, district: district)
        }
        return [
            // 中职 (25)
            s("重庆市示例机械工业学校", [6, 10, 11], "九龙坡区"),
            s("重庆市示例商务中等专业学校", [13, 14, 11], "渝中区"),
            s("重庆市示例工业中等专业学校", [6, 11, 3], "沙坪坝区"),
            s("重庆市示例卫生中等专业学校", [12, 17], "南岸区"),
            s("重庆市示例旅游中等专业学校", [14, 13, 15], "渝北区"),
            s("重庆市示例汽车工程学校", [6, 10, 11], "两江新区"),
            s("重庆市万州区示例职业教育中心", [6, 13, 12, 1], "万州区"),
            s("重庆市黔江区示例职业教育中心", [1, 14, 13, 6], "黔江区"),
            s("重庆市涪陵区示例职业教育中心", [9, 7, 6, 13], "涪陵区"),
            s("重庆市綦江区示例职业教育中心", [6, 3, 13], "綦江区"),
            s("重庆市大足区示例职业教育中心", [6, 15, 13], "大足区"),
            s("重庆市荣昌区示例职业教育中心", [1, 9, 13, 8], "荣昌区"),
            s("重庆市合川区示例职业教育中心", [11, 6, 13], "合川区"),
            s("重庆市长寿区示例职业教育中心", [7, 6, 13], "长寿区"),
            s("重庆市璧山区示例职业教育中心", [6, 11, 8], "璧山区"),
            s("重庆市江津区示例职业教育中心", [6, 1, 13], "江津区"),
            s("重庆市永川区示例职业教育中心", [11, 6, 10], "永川区"),
            s("重庆市南川区示例职业教育中心", [1, 14, 6], "南川区"),
            s("重庆市铜梁区示例职业教育中心", [6, 15, 13], "铜梁区"),
            s("重庆市潼南区示例职业教育中心", [1, 9, 6], "潼南区"),
            s("重庆市梁平区示例职业教育中心", [1, 13, 6], "梁平区"),
            s("重庆市开州区示例职业教育中心", [6, 12, 13], "开州区"),
            s("重庆市云阳县示例职业教育中心", [1, 14, 13], "云阳县"),
            s("重庆市垫江县示例职业教育中心", [9, 1, 6], "垫江县"),
            s("重庆市巴南区示例职业教育中心", [10, 6, 11], "巴南区"),
            // 高职专科 (32)
            h("重庆示例机电职业技术学院", [6, 11, 10], "九龙坡区"),
            h("重庆示例电子信息职业技术学院", [11, 6, 13], "两江新区"),
            h("重庆示例工业职业技术学院", [6, 3, 11], "渝北区"),
            h("重庆示例工程职业技术学院", [4, 6, 13], "江津区"),
            h("重庆示例城市建设职业学院", [4, 5, 13], "沙坪坝区"),
            h("重庆示例汽车职业技术学院", [6, 10, 11], "两江新区"),
            h("重庆示例交通职业学院", [10, 4, 6], "江津区"),
            h("重庆示例航空职业技术学院", [10, 6, 11], "渝北区"),
            h("重庆示例轨道交通职业学院", [10, 6, 11], "大足区"),
            h("重庆示例医药职业学院", [12, 9, 7], "沙坪坝区"),
            h("重庆示例护理职业学院", [12, 17], "万州区"),
            h("重庆示例财经职业学院", [13, 11, 19], "永川区"),
            h("重庆示例商贸职业学院", [13, 14, 11], "江北区"),
            h("重庆示例旅游职业学院", [14, 13, 15], "黔江区"),
            h("重庆示例化工职业学院", [7, 3, 9], "长寿区"),
            h("重庆示例能源职业学院", [3, 6, 2], "綦江区"),
            h("重庆示例电力职业技术学院", [3, 6, 11], "九龙坡区"),
            h("重庆示例水利电力职业技术学院", [5, 3, 4], "永川区"),
            h("重庆示例三峡农业职业学院", [1, 9, 13], "万州区"),
            h("重庆示例食品职业技术学院", [9, 1, 13], "涪陵区"),
            h("重庆示例轻工职业学院", [8, 15, 13], "璧山区"),
            h("重庆示例文化艺术职业学院", [15, 16, 14], "南岸区"),
            h("重庆示例传媒职业学院", [16, 15, 11], "北碚区"),
            h("重庆示例幼儿师范高等专科学校", [17, 15], "合川区"),
            h("重庆示例体育职业学院", [17, 12], "南岸区"),
            h("重庆示例安全技术职业学院", [2, 6, 4], "万州区"),
            h("重庆示例软件职业技术学院", [11, 13], "两江新区"),
            h("重庆示例人工智能职业学院", [11, 6], "渝北区"),
            h("重庆示例智能制造职业技术学院", [6, 11], "璧山区"),
            h("重庆示例建筑职业学院", [4, 13], "合川区"),
            h("重庆示例材料职业技术学院", [3, 7, 6], "荣昌区"),
            h("重庆示例公共管理职业学院", [19, 13, 17], "巴南区"),
            // 职业本科 (3)
            b("重庆示例机电职业技术大学", [6, 11, 10], "永川区"),
            b("重庆示例电子信息职业技术大学", [11, 6, 13], "两江新区"),
            b("重庆示例医药卫生职业大学", [12, 9], "璧山区"),
        ]
    }()

    /// The clusters that get a demand file: every 33618 cluster and the 416 科创高地 (tier 4), in file order.
    public static func demandClusters(_ inputs: GeneratorInputs) -> [Int] {
        inputs.clusters.indices.filter {
            let c = inputs.clusters[$0]
            return c.system == "33618" || (c.system == "416" && c.tier == "4")
        }
    }

    /// Writes `colleges-chongqing.xml` and one `demand-CLUSTER.xml` per demand cluster into `directory`.
    ///
    /// Deterministic: the same inputs and seed give byte-identical files. Programs: 中职 12–20, 高职
    /// 24–36, 本科 24–34 per college; roles: 20–60 per cluster; graduates/demand 0.8–1.35 per level.
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
            numbers[college.type.rank] += 1
            let count =
                switch college.type {
                case .secondary: random.int(12...20)
                case .higher: random.int(24...36)
                case .bachelor: random.int(24...34)
                }
            let prefix =
                switch college.type {
                case .secondary: "CQS"
                case .higher: "CQH"
                case .bachelor: "CQB"
                }
            return GeneratorCollegeSpec(
                id: "\(prefix)\(GeneratorFormat.padded(numbers[college.type.rank], 2))",
                name: college.name,
                district: college.district,
                type: college.type,
                sectors: college.sectors,
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
            for _ in 0..<roles { skeletons.append(GeneratorSynthesis.skeleton(&demandRandom, clusterFactor: factor)) }
        }
        let ratios = (0..<3).map { _ in demandRandom.uniform(0.8, 1.35) }
        let scales = GeneratorSynthesis.scales(skeletons: skeletons, graduates: tally.graduates, ratios: ratios)
        var roleRandom = GeneratorRandom(seed: seed, stream: 14)
        try synthesis.writeDemandFiles(
            demandSpecs, skeletons: skeletons, scales: scales, into: directory, random: &roleRandom, tally: &tally)
        return GeneratorSummary(tally)
    }
}
