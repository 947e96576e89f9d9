/// A demand submission from outside the industry clusters: a body of one GB/T 4754 sector (hospitals,
/// banks, logistics, hotels …) that hires graduates of the 专业类 it lists.
struct GeneratorService: Sendable {
    /// File stem (`svc-hospitals`).
    let stem: String
    /// GB/T 4754-2017 门类 letter (`Q`).
    let sector: String
    /// What it is, for role names (医疗卫生).
    let name: String
    /// The invented submitter (contains 示例).
    let submitter: String
    /// Class keys (`GeneratorProfile.classKey`) it hires from.
    let classes: [Int]
    /// Occupation code prefixes it hires for (empty: any occupation its majors lead to). A hospital
    /// hires 卫生专业技术人员 (2-05) and 健康服务人员 (4-14), not the drug manufacturing its 药学
    /// graduates could also go to.
    let occupationPrefixes: [String]

    init(
        _ stem: String, _ sector: String, _ name: String, _ submitter: String, _ classes: [Int],
        occupations: [String] = []
    ) {
        self.stem = stem
        self.sector = sector
        self.name = name
        self.submitter = submitter
        self.classes = classes
        self.occupationPrefixes = occupations
    }

    /// Each service's pool of graduates per education level: the graduates of the classes it lists,
    /// a class listed by several services shared equally among them.
    static func pools(_ services: [GeneratorService], graduatesByClass: [[Int: Int]]) -> [[Double]] {
        var listed: [Int: Int] = [:]
        for service in services { for c in service.classes { listed[c, default: 0] += 1 } }
        return services.map { service in
            (0..<3).map { l in
                service.classes.reduce(0.0) { $0 + Double(graduatesByClass[l][$1] ?? 0) / Double(listed[$1] ?? 1) }
            }
        }
    }

    /// Whether the submission hires for occupation `code`.
    func hires(_ code: String) -> Bool {
        occupationPrefixes.isEmpty || occupationPrefixes.contains { code.hasPrefix($0) }
    }

    /// The service submissions of the Chongqing set (with these submitters) and of the benchmark
    /// scales (one or more files each, submitters named after their districts): between them they
    /// hire from every 专业类 the colleges teach, so no 专业大类 is left without demand.
    static let chongqing: [GeneratorService] = [
        .init(
            "svc-hospitals", "Q", "医疗卫生", "重庆市示例医院协会", [1201, 1202, 1203, 1204, 1205, 1206, 1207, 1209],
            occupations: ["2-05", "4-14-01", "4-14-02", "4-14-03"]),
        .init("svc-elderly-care", "Q", "养老与健康服务", "重庆市示例养老服务行业协会", [1208, 1903, 1206]),
        .init("svc-finance", "J", "金融", "重庆市示例银行业协会", [1301, 1302, 1303, 1304]),
        .init("svc-retail", "F", "批发零售与电商", "重庆市示例商业联合会", [1305, 1306, 1307]),
        .init(
            "svc-logistics", "G", "交通运输与物流", "重庆市示例交通运输与物流协会",
            [1308, 1001, 1002, 1003, 1004, 1005, 1006, 1007]),
        .init("svc-hospitality", "H", "住宿餐饮", "重庆市示例旅游饭店协会", [1401, 1402]),
        .init(
            "svc-culture", "R", "文化体育娱乐", "重庆市示例文化产业协会", [1501, 1502, 1503, 1504, 1601, 1602, 1703]),
        .init("svc-education", "P", "教育", "重庆市示例民办教育协会", [1701, 1702, 1703]),
        .init(
            "svc-public", "S", "公共管理与社会服务", "重庆市示例社会组织促进会",
            [1901, 1902, 1903, 1904, 1801, 1802, 1803, 1804, 1805, 1806]),
        .init("svc-security", "L", "商务服务与安保", "重庆市示例保安服务协会", [1807, 1306, 1804]),
        .init(
            "svc-construction", "E", "建筑", "重庆市示例建筑业协会", [401, 402, 403, 404, 405, 406, 407, 502, 203]),
        .init("svc-utilities", "D", "电力与水务", "重庆市示例电力与水务行业协会", [301, 302, 303, 501, 502, 503]),
        .init("svc-agriculture", "A", "农林牧渔", "重庆市示例农业产业化龙头企业协会", [101, 102, 103, 104]),
        .init("svc-environment", "N", "生态环境与水利管理", "重庆市示例环保产业协会", [208, 209, 504, 501]),
        .init("svc-testing", "M", "检验检测与勘察设计", "重庆市示例检验检测认证协会", [201, 202, 203, 902, 901]),
        .init("svc-repair", "O", "汽车维修与居民服务", "重庆市示例汽车维修与居民服务协会", [1002, 607, 1501, 1208]),
        .init(
            "svc-manufacturing", "C", "中小制造企业", "重庆市示例中小企业协会",
            [801, 802, 803, 804, 701, 702, 304, 305, 306, 307, 601, 602, 603]),
        .init("svc-mining", "B", "采矿", "重庆市示例煤炭与矿业协会", [204, 205, 206]),
        .init("svc-it", "I", "信息技术服务", "重庆市示例信息技术服务协会", [1101, 1102, 1103, 1104]),
    ]
}
