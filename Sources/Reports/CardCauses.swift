import Planner

extension PlanReport {
    /// One line of "which programs got which card, and why": a card, the cause in Chinese, how many.
    struct CardCause: Equatable {
        let card: Card
        let cause: String
        let count: Int
    }

    /// The programs in scope counted by card and by the one cause that decided their card, red first,
    /// then yellow, then green; within a card the largest cause first (ties by name).
    func cardCauses() -> [CardCause] {
        var counts: [Card: [String: Int]] = [:]
        for a in advices { counts[a.card, default: [:]][cause(of: a), default: 0] += 1 }
        return [Card.red, .yellow, .green].flatMap { card in
            (counts[card] ?? [:]).sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .map { CardCause(card: card, cause: $0.key, count: $0.value) }
        }
    }

    /// The one cause that decided a program's card, in the advisor's order of precedence
    /// (Guides/Advice.md, "A card, from its signals").
    func cause(of a: ProgramAdvice) -> String {
        let ids = Set(a.rules.map(\.id))
        switch a.card {
        case .green:
            if a.adjustment == .expand { return "对口岗位仍有缺口，扩招" }
            if ids.contains("card.green.keep") { return "毕业生全部对口分配、岗位已满足，保持" }
            if ids.contains("bounds.dualTeacherFloor") { return "岗位仍有缺口，但双师型比例未达标，暂不扩招" }
            return "岗位仍有缺口，但按规则暂不扩招"
        case .red:
            if a.adjustment == .stop { return "连续指标触发停招规则，逐年缩减" }
            if ids.contains("card.red.employment") { return "就业率低于红牌线" }
            if ids.contains("card.surplus") { return "对口岗位已满足、毕业生闲置" }
            if let r = a.rules.first(where: { ["red", "shrink"].contains($0.action) }) {
                let label = ruleLabel(r.id)
                return label == "规则" ? "规则 \(r.id)" : label
            }
            return "规则要求缩减"
        case .yellow:
            if ids.contains("card.yellow.noDemandData") { return "没有对口的岗位需求数据" }
            if a.conflict != nil {
                return ids.contains("card.surplus") ? "毕业生闲置但就业率达标，保持" : "信号冲突（岗位有缺口但过往指标偏弱），取较小调整"
            }
            if ids.contains("card.surplus") { return "对口岗位已满足、部分毕业生闲置" }
            if ids.contains("evidence.utilisation") { return "利用率一般" }
            return "规则要求保持"
        }
    }
}
