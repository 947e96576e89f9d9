/// A college's teaching profile: the 专业类 it mostly teaches, the ones it adds, and where national-control
/// (K) majors are allowed. Classes are keyed `sector × 100 + class` (护理类 is 1202 at every level:
/// 5202 for 高职专科, 7202 for 中职, 3202 for 职业本科), so one profile serves all three levels.
struct GeneratorProfile: Sendable {
    /// Short key (e.g. `medical`), for tests and the guide.
    let key: String
    /// The specialty in the college's name (e.g. 医药).
    let nameCore: String
    /// Classes the college is known for (drawn with weight 3).
    let primary: [Int]
    /// Classes it adds (weight 1).
    let secondary: [Int]
    /// Classes whose K (national-control) majors the college may teach; K majors elsewhere are never drawn.
    let allowK: [Int]

    init(_ key: String, _ nameCore: String, _ primary: [Int], _ secondary: [Int], allowK: [Int] = []) {
        self.key = key
        self.nameCore = nameCore
        self.primary = primary
        self.secondary = secondary
        self.allowK = allowK
    }

    /// The profile with `extra` classes added to its primary ones (a district centre's local flavour).
    func adding(_ extra: [Int]) -> GeneratorProfile {
        GeneratorProfile(
            key, nameCore, primary + extra.filter { !primary.contains($0) },
            secondary.filter { !extra.contains($0) }, allowK: allowK)
    }

    /// The sectors (专业大类 mod 20) of the profile's classes, primary first, without repeats.
    var sectors: [Int] {
        var out: [Int] = []
        for c in primary + secondary where !out.contains(c / 100) { out.append(c / 100) }
        return out
    }

    /// The class key of a four-digit 专业类 code (`5202` → 1202, `7202` → 1202).
    static func classKey(_ classCode: String) -> Int {
        let digits = classCode.utf8.prefix(4).map { Int($0) - 48 }
        guard digits.count == 4, digits.allSatisfy({ (0...9).contains($0) }) else { return 0 }
        return ((digits[0] * 10 + digits[1]) % 20) * 100 + digits[2] * 10 + digits[3]
    }

    /// Minority-medicine majors (蒙医学, 藏医学, 傣医学, 哈医学 …): taught in the regions of those
    /// peoples, never by a Chongqing or generic college, so the generator draws none of them.
    static func isMinorityMedicine(_ name: String) -> Bool {
        ["蒙医", "藏医", "维医", "傣医", "哈医", "朝医", "壮医", "苗医", "彝医", "瑶医", "回医", "蒙药", "藏药", "维药", "傣药"]
            .contains { name.contains($0) }
    }

    /// Whether a K (national-control) major may be drawn for a college: only in a class the profile allows.
    static func isNationalControl(_ code: String) -> Bool { code.hasSuffix("K") }

    // Sectors: 1 农林牧渔 2 资源环境与安全 3 能源动力与材料 4 土木建筑 5 水利 6 装备制造 7 生物与化工
    // 8 轻工纺织 9 食品药品与粮食 10 交通运输 11 电子与信息 12 医药卫生 13 财经商贸 14 旅游 15 文化艺术
    // 16 新闻传播 17 教育与体育 18 公安与司法 19 公共管理与服务.
    static let mechanical = GeneratorProfile("mechanical", "机械工业", [601, 602, 603], [607, 604, 1101, 1102])
    static let automotive = GeneratorProfile("automotive", "汽车工程", [607, 1002, 602], [603, 1101, 1308])
    static let electronics = GeneratorProfile("electronics", "电子信息", [1101, 1102, 1103, 1104], [603, 1307])
    static let software = GeneratorProfile("software", "信息技术", [1102, 1101], [1307, 1602])
    static let construction = GeneratorProfile("construction", "建筑工程", [401, 403, 404, 405, 406, 407], [203, 402, 502])
    static let transport = GeneratorProfile("transport", "交通", [1002, 1003, 1001, 1006], [1308, 1007, 607])
    static let railTransit = GeneratorProfile("railTransit", "轨道交通", [1006, 1001, 604], [602, 603, 1103])
    static let aviation = GeneratorProfile("aviation", "航空", [1004, 606], [1401, 1702])
    static let medical = GeneratorProfile(
        "medical", "医药", [1202, 1203, 1205, 1206, 1201], [1204, 1207, 1208, 1209], allowK: [1201, 1204, 1207])
    static let pharmacy = GeneratorProfile("pharmacy", "药品", [1203, 1204, 902, 1202], [1205, 1208, 701], allowK: [1204])
    static let nursing = GeneratorProfile("nursing", "护理", [1202, 1206, 1208], [1205, 1209, 1207])
    static let health = GeneratorProfile("health", "卫生", [1202, 1203, 1205, 1206, 1208], [1204, 1209])
    static let wellness = GeneratorProfile("wellness", "健康", [1208, 1206, 1202], [1903, 1401])
    static let finance = GeneratorProfile("finance", "财经", [1301, 1302, 1303, 1304], [1305, 1306, 1307, 1308, 1102])
    static let commerce = GeneratorProfile("commerce", "商贸", [1305, 1306, 1307, 1308], [1303, 1401, 1702])
    static let logistics = GeneratorProfile("logistics", "物流", [1308, 1007, 1002], [1307, 1305, 1003])
    static let tourism = GeneratorProfile("tourism", "旅游", [1401, 1402], [1306, 1504, 1702, 1503])
    static let arts = GeneratorProfile("arts", "艺术", [1501, 1502, 1503, 1504], [1602])
    static let media = GeneratorProfile("media", "传媒", [1602, 1601, 1501], [1102, 1504])
    static let preschool = GeneratorProfile("preschool", "幼儿师范", [1701], [1502, 1501], allowK: [1701])
    static let sports = GeneratorProfile("sports", "体育", [1703], [1206])
    static let chemical = GeneratorProfile("chemical", "化工", [702, 701], [208, 902, 801])
    static let energy = GeneratorProfile("energy", "能源", [301, 302, 303, 205], [602, 603, 209])
    static let power = GeneratorProfile("power", "电力", [301, 302, 303], [603, 1101])
    static let water = GeneratorProfile("water", "水利电力", [502, 501, 503, 504], [301, 403])
    static let agriculture = GeneratorProfile("agriculture", "农业", [101, 102, 103, 104], [901, 1307, 208])
    static let food = GeneratorProfile("food", "食品", [901, 903, 902], [101, 1402, 1307])
    static let light = GeneratorProfile("light", "轻工", [801, 804, 802, 803], [1501, 1307])
    static let safety = GeneratorProfile("safety", "安全技术", [209, 208], [205, 203, 602])
    static let environment = GeneratorProfile("environment", "资源环境", [208, 201, 202, 203], [209, 504])
    static let materials = GeneratorProfile("materials", "材料", [304, 305, 306, 307], [702, 601])
    static let publicService = GeneratorProfile("publicService", "公共管理", [1901, 1902, 1903, 1904], [1804, 1807, 1306])
    static let languages = GeneratorProfile("languages", "外语外事", [1702], [1305, 1401, 1307])
    /// A district's 职业教育中心: a broad 中职 school; `adding(_:)` gives it the district's flavour.
    static let centre = GeneratorProfile("centre", "职业教育中心", [602, 607, 1102, 1303, 1307], [1401, 1402, 1002, 1501])

    /// Profiles the benchmark scales draw from, with how common such colleges are (weights).
    static let benchmark: [(GeneratorProfile, Double)] = [
        (mechanical, 3), (automotive, 1.5), (electronics, 2.5), (software, 1.5), (construction, 2), (transport, 1.2),
        (railTransit, 0.8), (aviation, 0.6), (medical, 1.2), (pharmacy, 0.6), (nursing, 1), (health, 1.2),
        (wellness, 0.5), (finance, 1.6), (commerce, 1.6), (logistics, 0.8), (tourism, 1.2), (arts, 1), (media, 0.6),
        (preschool, 1), (sports, 0.3), (chemical, 0.8), (energy, 0.6), (power, 0.6), (water, 0.4),
        (agriculture, 1.2), (food, 0.7), (light, 0.6), (safety, 0.3), (environment, 0.3), (materials, 0.5), (publicService, 0.8),
        (languages, 0.4), (centre.adding([101, 1401]), 3),
    ]
}
