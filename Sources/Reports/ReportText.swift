import Catalog
import Planner

/// A group of clusters in the report: one tier of the 33618 system or one 416 科创高地 layer.
struct ClusterGroup {
    /// The tier's name as the city writes it, e.g. 万亿级主导产业集群.
    var title: String
    /// A note on how sure the list is, e.g. that the 新星 names are not yet verified.
    var caveat: String?
    /// The balances of the group's clusters, largest unfilled demand first.
    var balances: [Balance]
}

extension PlanReport {
    // MARK: The data the plan rests on

    /// One sentence on what is real and what is illustrative, or nil when nothing is illustrative.
    var dataNotice: String? {
        let files = illustrativeFiles.count
        let colleges = illustrativeColleges
        let demands = illustrativeDemands
        guard files > 0 || colleges > 0 || demands > 0 else { return nil }
        var made: [String] = []
        if colleges > 0 { made.append("\(Fmt.count(colleges)) 所学校") }
        if demands > 0 { made.append("\(Fmt.count(demands)) 份岗位需求") }
        let what = made.isEmpty ? "部分输入" : made.joined(separator: "、")
        return "数据说明：专业目录、职业分类和产业集群名单来自公开来源；\(what)为示例数据（共 \(Fmt.count(files)) 个文件），"
            + "其学校名称、招生人数、就业率和岗位人数均为虚构，仅用于演示方法，不代表任何真实学校或企业。"
    }

    // MARK: How to read the report

    /// The terms a reader meets in the report, each with a one-sentence explanation.
    var readingGuide: [(term: String, meaning: String)] {
        let cards = plan.policy.cards
        let bands = plan.policy.supplyDemand
        var bandText: [String] = []
        var lower: Double?
        for b in bands {
            switch (lower, b.upTo) {
            case (nil, let u?): bandText.append("不高于 \(Exact.text(u)) 为“\(b.label)”")
            case (let l?, let u?): bandText.append("\(Exact.text(l))–\(Exact.text(u)) 为“\(b.label)”")
            case (let l?, nil): bandText.append("高于 \(Exact.text(l)) 为“\(b.label)”")
            case (nil, nil): bandText.append("“\(b.label)”")
            }
            lower = b.upTo
        }
        return [
            (
                "红牌、黄牌、绿牌",
                "绿牌：毕业生已基本被对口岗位吸纳，对口岗位仍有缺口的建议扩招，已满足的保持规模；"
                    + "黄牌：预警，利用率一般、毕业生部分闲置、信号冲突或没有对口的需求数据，保持规模、补齐课程短板；"
                    + "红牌：就业率低于 \(Exact.percent(cards.redEmploymentBelow)) 或毕业生大多找不到对口岗位，建议缩减或停招。"
            ),
            (
                "利用率",
                "已分配到对口岗位的毕业生 ÷ 可供给的毕业生（毕业生人数 × 留在本市的比例）。"
                    + "不低于 \(Exact.percent(cards.greenUtilisation)) 可得绿牌，低于 \(Exact.percent(cards.yellowUtilisation)) 偏低。"
            ),
            ("供需比与分档", "某集群可供给的毕业生 ÷ 岗位需求人数；" + bandText.joined(separator: "，") + "。"),
            (
                "匹配分",
                "专业与岗位的对口程度，0–1 之间：由课程与技能的文字相似度和职业分类代码的吻合程度合成，"
                    + "同区县的岗位略有加分；低于 \(Exact.text(plan.policy.scoring.floor)) 的不算对口"
                    + (plan.policy.scoring.fallbackFloor < plan.policy.scoring.floor
                        ? "，除非某岗位没有任何专业点达到它：这时在 \(Exact.text(plan.policy.scoring.fallbackFloor)) 以上取最接近的专业点，"
                            + "并在“匹配依据”中标明是同小类、同中类还是仅凭文本。" : "。")
            ),
            ("总匹配分", "每位分配到岗位的毕业生的匹配分之和，分配方案使它最大。"),
            (
                "联合体权重",
                "联合体内各成员学校输送到该集群或区县岗位的毕业生人数 × 匹配分之和，表示产教联系的紧密程度。"
            ),
            (
                "最优配对与稳定配对",
                "最优配对使全市联合体权重之和最大；稳定配对让每所学校优先加入自己联系最紧密的联合体，没有学校和联合体都愿意另行结对。"
            ),
        ]
    }

    // MARK: Clusters by tier

    /// The clusters grouped by tier in the cluster catalog's order, each group sorted by unfilled
    /// demand (largest first); clusters the catalog does not know come last under 其他.
    var clusterGroups: [ClusterGroup] {
        var order: [String] = []
        var byTier: [String: [Balance]] = [:]
        var caveats: [String: String] = [:]
        for b in plan.clusters {
            let c = catalog.clusterIndex[b.key].flatMap { catalog.clusters.indices.contains(Int($0)) ? catalog.clusters[Int($0)] : nil }
            let title = c.map(tierTitle) ?? "其他"
            if byTier[title] == nil { order.append(title) }
            byTier[title, default: []].append(b)
            if let c, !c.listIsVerified { caveats[title] = confidenceNote(c.confidence) }
        }
        // Tiers in the order the catalog lists them (33618 before 416), unknown last.
        let rank = Dictionary(
            catalog.clusters.enumerated().map { (tierTitle($1), $0) }, uniquingKeysWith: { a, _ in a })
        order.sort { (rank[$0] ?? Int.max, $0) < (rank[$1] ?? Int.max, $1) }
        return order.map { t in
            let xs = (byTier[t] ?? []).sorted {
                let ga = $0.demand - $0.allocated
                let gb = $1.demand - $1.allocated
                return ga != gb ? ga > gb : $0.key < $1.key
            }
            return ClusterGroup(title: t, caveat: caveats[t], balances: xs)
        }
    }

    private func tierTitle(_ c: Cluster) -> String {
        c.system == "416" ? "“416”科技创新布局：\(c.tierName)" : c.tierName
    }

    /// A reader's note for a cluster list's confidence (`high` needs none).
    func confidenceNote(_ confidence: String) -> String {
        switch confidence {
        case "high": "来源可靠"
        case "standard": "国家标准分类"
        case "medium", "medium-high": "名单来自多篇公开报道，尚待官方文件逐项核实"
        default: "名单来自公开报道，未经官方文件核实，仅供参考"
        }
    }

    // MARK: Rules in words

    /// A fired rule in Chinese: its label (the rule id kept beside it), what it asks for, and the evidence.
    func ruleLine(_ r: FiredRule) -> String {
        var line = "\(ruleLabel(r.id))（\(r.id)）：\(actionLabel(r.action))"
        if !r.evidence.isEmpty { line += "；依据：\(r.evidence)" }
        if let s = r.source, !s.isEmpty, !Self.isInternalSource(s) { line += "；出处：\(s)" }
        return line
    }

    /// The Chinese name of a rule: a policy rule's reason, else the built-in card rule's name.
    func ruleLabel(_ id: String) -> String {
        if let rule = plan.policy.rules.first(where: { $0.id == id }), let reason = rule.reason, !reason.isEmpty {
            return reason
        }
        switch id {
        case "card.red.employment": return "就业率低于红牌线"
        case "card.red.utilisation": return "毕业生利用率过低"
        case "card.yellow": return "利用率一般"
        case "card.yellow.noDemandData": return "没有对口的岗位需求数据"
        case "card.green": return "对口岗位仍有缺口"
        case "card.green.keep": return "全部对口分配、岗位已满足"
        case "card.surplus": return "对口岗位已满足、毕业生闲置"
        case "evidence.utilisation": return "利用率情况"
        case "bounds.dualTeacherFloor": return "双师型教师比例未达标"
        default: return "规则"
        }
    }

    /// What an action asks for, in Chinese.
    func actionLabel(_ action: String) -> String {
        switch action {
        case "expand": "扩招"
        case "keep": "保持规模"
        case "shrink": "缩减招生"
        case "stop": "逐年缩减直至停招"
        case "noExpand": "暂不扩招"
        case "none": "仅作依据"
        case "red": "红牌"
        case "yellow": "黄牌"
        case "green": "绿牌"
        default: action
        }
    }

    /// Whether a source names a file of this project rather than a public document.
    static func isInternalSource(_ s: String) -> Bool {
        s.contains(".md") || s.contains(".xml") || s.contains("Guides/") || s.contains("../") || s.contains(".swift")
    }
}
