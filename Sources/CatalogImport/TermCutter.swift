// How terms are cut from the MoE profiles and the occupation task lists: see Guides/Terms.md.
import Foundation

/// Cuts short skill terms (course names, ability and task phrases, certificate names) out of
/// the prose of the MoE profiles and the occupation dictionary.
public enum TermCutter {
    /// The longest term the XSDs allow.
    public static let maxTermLength = 64
    /// The shortest ability/task phrase kept, in characters.
    public static let minPhraseLength = 2
    /// The longest ability/task phrase kept, in characters.
    public static let maxPhraseLength = 12

    /// Phrases that almost every major shares; a phrase containing one of these is generic.
    public static let genericMarkers: [String] = [
        "终身学习", "可持续发展", "探究学习", "自主学习", "职业道德", "工匠精神", "劳动精神", "劳模精神",
        "团队合作", "团队协作", "沟通协调", "沟通合作", "沟通能力", "语言表达", "文字表达", "人际沟通",
        "安全意识", "法律意识", "法规意识", "质量意识", "环保意识", "服务意识", "创新意识", "规则意识",
        "信息素养", "职业素养", "人文素养", "审美", "创新思维", "批判性思维", "身心健康", "健康体魄",
        "心理调适", "体育锻炼", "社会责任", "爱岗敬业", "诚实守信", "精益求精", "数字技能", "信息技术应用",
        "数字技术应用", "信息技术的应用", "数字技术和信息技术", "信息化手段", "解决实际问题", "解决问题",
        "分析问题", "实际问题",
    ]
    /// Phrases that are generic only as a whole (they are parts of specific terms elsewhere).
    public static let genericExact: Set<String> = [
        "信息技术", "数字技术", "计算机", "外语", "英语", "办公软件", "相关法律法规", "法律法规", "相关标准",
        "绿色生产", "环境保护", "安全防护", "安全生产", "职业健康", "创新创业", "创新", "数字化", "信息化",
    ]

    /// True when `phrase` is on the stop-list (a marker inside it, or the whole of it).
    public static func isStopListed(_ phrase: String) -> Bool {
        if genericExact.contains(phrase) { return true }
        return genericMarkers.contains { phrase.contains($0) }
    }

    // MARK: - Normalising

    /// True for CJK ideographs and full-width punctuation (no spaces are kept next to them).
    static func isWide(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return (0x2E80...0x9FFF).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFF00...0xFFEF).contains(v)
            || (0x3000...0x303F).contains(v)
    }

    /// Undoes the PDF→Markdown conversion's LaTeX (`$\mathrm { C O } _ { 2 }$` → `CO2`).
    static func stripLaTeX(_ s: String) -> String {
        guard s.contains("$") else { return s }
        var out = ""
        var inMath = false
        var math = ""
        for ch in s {
            if ch == "$" {
                if inMath {
                    out += cleanMath(math)
                    math = ""
                }
                inMath.toggle()
            } else if inMath {
                math.append(ch)
            } else {
                out.append(ch)
            }
        }
        if inMath { out += cleanMath(math) }
        return out
    }

    private static func cleanMath(_ m: String) -> String {
        var s = m
        for cmd in ["\\mathrm", "\\mathbf", "\\text", "\\mathit", "\\left", "\\right"] {
            s = s.replacingOccurrences(of: cmd, with: "")
        }
        s = s.replacingOccurrences(of: "\\%", with: "%")
        return String(s.filter { !"{}_^ \\".contains($0) })
    }

    /// Trims, removes LaTeX, drops whitespace next to CJK text, collapses other runs of
    /// whitespace, and turns ASCII , ; : into their full-width forms.
    public static func normalize(_ raw: String) -> String {
        let s = stripLaTeX(raw)
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for u in s.unicodeScalars {
            if u.properties.isWhitespace {
                pendingSpace = true
                continue
            }
            let mapped: Unicode.Scalar
            switch u {
            case ",": mapped = "，"
            case ";": mapped = "；"
            case ":": mapped = "："
            default: mapped = u
            }
            if pendingSpace, let last = out.last, !isWide(last), !isWide(mapped) { out.append(" ") }
            pendingSpace = false
            out.append(mapped)
        }
        return String(out)
    }

    /// Splits at any of `separators` outside of brackets （）()【】《》.
    static func split(_ s: String, at separators: Set<Character>) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for ch in s {
            switch ch {
            case "（", "(", "【", "[", "《": depth += 1
            case "）", ")", "】", "]", "》": depth = max(0, depth - 1)
            default: break
            }
            if depth == 0 && separators.contains(ch) {
                parts.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        parts.append(current)
        return parts.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
    }

    // MARK: - Courses and certificates

    /// Course names from a profile's list: normalised, split at 、；, deduplicated, ≤ 64 characters,
    /// and without the practice sentences that leaked into some lists.
    public static func courseNames(_ list: [String]) -> [String] {
        var out: [String] = []
        for raw in list {
            for part in split(normalize(raw), at: ["、", "；", "。"]) {
                let name = part.trimming(chars: "，：")
                guard !name.isEmpty, name.count <= maxTermLength else { continue }
                if name.contains("实习") && name.hasPrefix("在") { continue }
                if !out.contains(name) { out.append(name) }
            }
        }
        return out
    }

    /// The longest certificate name kept.
    public static let maxCertificateLength = 24

    /// Certificate names from the 职业类证书 text (`职业技能等级证书：A、B 职业资格证书：C`).
    public static func certificateNames(_ raw: String) -> [String] {
        var s = normalize(raw)
        if let r = s.range(of: "接续") { s = String(s[..<r.lowerBound]) }
        // Remove the labels "…证书：".
        var cleaned = ""
        for segment in split(s, at: ["："]) {
            var seg = segment
            for label in ["职业技能等级证书", "职业资格证书", "职业资格", "执业资格证书", "证书"] where seg.hasSuffix(label) {
                seg = String(seg.dropLast(label.count))
                break
            }
            cleaned += seg + "、"
        }
        var out: [String] = []
        for part in split(cleaned, at: ["、", "；", "，", " ", "。"]) {
            let name = part.trimming(chars: "等")
            guard name.count >= 2, name.count <= maxCertificateLength else { continue }
            if ["暂无", "无", "其他"].contains(name) { continue }
            if !out.contains(name) { out.append(name) }
        }
        return out
    }

    // MARK: - Phrases

    /// Words that open an ability sentence or a verb phrase and are cut off.
    static let leadIns: [String] = [
        "具有", "具备", "掌握", "能够", "熟悉", "了解", "熟练", "初步", "基本", "良好的", "较强的", "一定的",
        "扎实的", "相应的", "相关的", "必备的", "较好的", "从事", "运用", "利用", "使用", "应用",
        "依据", "根据", "按照", "依照", "遵照", "参照", "结合", "针对", "面向", "通过", "开展", "进行", "实施",
        "负责", "参与", "完成", "协助", "对", "为", "将", "及", "和", "与", "以及", "等", "相关",
    ]
    /// Endings cut off an ability phrase ("…的能力", "…等技能").
    static let tails: [String] = [
        "能力", "技能", "技术技能", "素养", "的", "等", "基本", "初步", "一定", "较强", "相应", "相关", "综合",
        "的操作", "的应用", "的运用", "的使用", "的工作", "水平", "的方法", "知识",
    ]

    static func stripLeadIns(_ s: String) -> String {
        var t = s
        var changed = true
        while changed {
            changed = false
            for w in leadIns where t.hasPrefix(w) && t.count > w.count {
                t = String(t.dropFirst(w.count))
                changed = true
            }
        }
        return t
    }

    static func stripTails(_ s: String, keeping minimum: Int) -> String {
        var t = s
        var changed = true
        while changed {
            changed = false
            for w in tails where t.hasSuffix(w) && t.count - w.count >= minimum {
                t = String(t.dropLast(w.count))
                changed = true
            }
        }
        return t
    }

    /// Cuts one clause (no 、，；。 left in it except 、) into object phrases.
    static func phrases(ofClause clause: String) -> [String] {
        var c = stripTails(stripLeadIns(clause), keeping: minPhraseLength)
        // "对X进行Y", "根据X实施Y": keep what the verb acts on.
        for verb in ["进行", "开展", "实施", "从事", "完成"] {
            if let r = c.range(of: verb, options: .backwards) {
                let after = String(c[r.upperBound...])
                if after.count >= minPhraseLength { c = after }
            }
        }
        var out: [String] = []
        for piece in split(c, at: ["、"]) {
            var p = piece
            // "个体、家庭、社区等实施保健服务": after 等 comes the action.
            if let r = p.range(of: "等", options: .backwards) {
                let after = String(p[r.upperBound...])
                if after.count >= minPhraseLength { p = after }
            }
            p = stripTails(stripLeadIns(p), keeping: minPhraseLength)
            if p.count > maxPhraseLength {
                // Too long still: try cutting at the conjunctions.
                for sub in split(p, at: ["和", "及", "并"]) {
                    let q = stripTails(stripLeadIns(sub), keeping: minPhraseLength)
                    if isPhrase(q) { out.append(q) }
                }
            } else if isPhrase(p) {
                out.append(p)
            }
        }
        return out
    }

    /// A kept phrase: 2–12 characters, some CJK or Latin letter in it, no sentence punctuation.
    static func isPhrase(_ p: String) -> Bool {
        guard p.count >= minPhraseLength, p.count <= maxPhraseLength else { return false }
        if p.contains(where: { "。；，：！？".contains($0) }) { return false }
        if p.contains("能力") { return false }
        return p.unicodeScalars.contains { isWide($0) || $0.properties.isAlphabetic }
    }

    /// Short object phrases cut from 主要专业能力要求 sentences, in order, deduplicated.
    public static func abilityPhrases(_ sentences: [String]) -> [String] {
        var out: [String] = []
        for sentence in sentences {
            for clause in split(normalize(sentence), at: ["，", "；", "。", "：", "！"]) {
                for p in phrases(ofClause: clause) where !out.contains(p) { out.append(p) }
            }
        }
        return out
    }

    /// Short task phrases cut from an occupation's 主要工作任务, in order, deduplicated, at most `limit`.
    public static func taskPhrases(_ tasks: String, limit: Int = 12) -> [String] {
        var s = normalize(tasks)
        if let r = s.range(of: "本职业包含") { s = String(s[..<r.lowerBound]) }
        var out: [String] = []
        for clause in split(s, at: ["，", "；", "。", "：", "！"]) {
            for p in phrases(ofClause: clause) where !out.contains(p) && !isStopListed(p) {
                out.append(p)
                if out.count == limit { return out }
            }
        }
        return out
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }

    func trimming(chars set: String) -> String {
        var s = Substring(self).trimmingSpacesSub()
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}

extension Substring {
    func trimmingSpacesSub() -> Substring {
        var s = self
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return s
    }
}
