/// The GB/T 4754-2017 industry classification as far as demand submissions need it: a submission for a
/// sector of the economy (hospitals, banks, logistics …) names a 门类 letter, optionally with its
/// two-digit 大类 (`Q`, `Q84`), instead of an industry cluster.
public enum IndustrySector {
    /// The 20 门类 of GB/T 4754-2017 by letter.
    public static let sections: [Character: String] = [
        "A": "农、林、牧、渔业", "B": "采矿业", "C": "制造业", "D": "电力、热力、燃气及水生产和供应业", "E": "建筑业",
        "F": "批发和零售业", "G": "交通运输、仓储和邮政业", "H": "住宿和餐饮业", "I": "信息传输、软件和信息技术服务业",
        "J": "金融业", "K": "房地产业", "L": "租赁和商务服务业", "M": "科学研究和技术服务业", "N": "水利、环境和公共设施管理业",
        "O": "居民服务、修理和其他服务业", "P": "教育", "Q": "卫生和社会工作", "R": "文化、体育和娱乐业",
        "S": "公共管理、社会保障和社会组织", "T": "国际组织",
    ]

    /// Whether `code` is a 门类 letter A–T, optionally followed by two digits.
    public static func isValid(_ code: String) -> Bool {
        guard let first = code.first, sections[first] != nil else { return false }
        let rest = code.dropFirst()
        return rest.isEmpty || (rest.count == 2 && rest.allSatisfy { $0.isASCII && $0.isNumber })
    }

    /// The cluster id a sector submission is grouped under: `gbt4754-Q84`.
    public static func clusterID(_ code: String) -> String { "gbt4754-\(code)" }

    /// The 门类 name of a code (`Q84` → 卫生和社会工作), with the 大类 digits appended when given.
    public static func name(_ code: String) -> String {
        guard let first = code.first, let section = sections[first] else { return code }
        return code.count > 1 ? "\(section)（\(code)）" : section
    }
}

extension CatalogSet {
    /// Adds one cluster per sector that demand submissions name (id `gbt4754-{code}`, system `gbt4754`),
    /// unless the cluster catalog already has it, so that plans and reports group and name sector demand
    /// as they do clusters. Called by `CatalogLoader.link` before the checks.
    mutating func addSectorClusters() {
        var known = Set(clusters.map(\.id))
        for d in demands {
            guard let code = d.sector, known.insert(d.cluster).inserted else { continue }
            clusters.append(
                Cluster(
                    id: d.cluster, system: "gbt4754", tier: "门类", tierName: "国民经济行业分类 GB/T 4754-2017",
                    name: IndustrySector.name(code), parent: nil, confidence: "standard", occupations: [], terms: [],
                    source: d.source))
        }
    }
}
