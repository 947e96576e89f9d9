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

extension PlanReport {
    /// (b′) Which programs got which card and why: one horizontal bar per card and cause.
    func cardCauseChart() -> String {
        let rows = cardCauses()
        let labelW = 360.0, barW = 460.0, rowH = 24.0, top = 12.0
        let width = labelW + barW + 70
        let height = top + rowH * Double(max(rows.count, 1)) + 8
        var s = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
            + "role=\"img\" aria-label=\"各牌色专业点的主要原因\"><title>各牌色专业点的主要原因</title>"
        let maxC = Double(max(1, rows.map(\.count).max() ?? 1))
        for (i, r) in rows.enumerated() {
            let y = top + rowH * Double(i)
            let w = max(1, (barW * Double(r.count) / maxC).rounded())
            let label = "\(r.card.chinese) · \(r.cause)"
            s += "<g><title>" + Fmt.html("\(label)：\(Fmt.count(r.count)) 个专业点") + "</title>"
            s += "<text x=\"\(Int(labelW - 8))\" y=\"\(Int(y + 16))\" text-anchor=\"end\" font-size=\"12\">" + Fmt.html(label) + "</text>"
            s += "<rect x=\"\(Int(labelW))\" y=\"\(Int(y + 4))\" width=\"\(Int(w))\" height=\"16\" fill=\"\(Palette.card(r.card))\"/>"
            s += "<text x=\"\(Int(labelW + w + 6))\" y=\"\(Int(y + 16))\" font-size=\"11\" fill=\"\(Palette.muted)\">"
                + Fmt.count(r.count) + "</text></g>"
        }
        return s + "</svg>\n"
    }
}
