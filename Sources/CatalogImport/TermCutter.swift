// How terms are cut from the MoE profiles and the occupation task lists: see Guides/Terms.md.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
        "分析问题", "实际问题", "法律法规", "国家法律", "行业规定", "行为规范", "职业活动", "专业信息技术", "新技术",
        "产业数字化", "数字化发展", "信息技术基础", "创新发展", "本专业", "专业领域", "专业知识", "基础知识",
        "意识", "精神", "素养", "品质", "态度", "观念", "情怀", "价值观", "责任感", "使命感", "适应", "新知识",
        "新工艺", "新方法", "依法依规", "行为准则", "传统文化", "现代信息技术", "职业场景", "工作情境", "良好沟通",
        "沟通交流",
    ]
    /// Phrases that are generic only as a whole (they are parts of specific terms elsewhere).
    public static let genericExact: Set<String> = [
        "信息技术", "数字技术", "计算机", "外语", "英语", "办公软件", "相关法律法规", "法律法规", "相关标准",
        "绿色生产", "环境保护", "安全防护", "安全生产", "职业健康", "创新创业", "创新", "数字化", "信息化",
        "国家", "数字", "查询", "工作任务", "操作规范", "行业规范", "规范",
    ]

    static let markerBytes: [[UInt8]] = genericMarkers.map { Array($0.utf8) }

    /// Bare verbs and nouns that say nothing alone ("处理", "设计", "理解和执行"): a phrase made only of
    /// these (and of 和 与 及 或 并 的) is dropped.
    public static let bareWords: [String] = [
        "处理", "管理", "操作", "安装", "检测", "设计", "应用", "测试", "整理", "维修", "判断", "制作", "开发", "策划",
        "运行", "服务", "识读", "录用", "跟踪", "理解", "执行", "贯彻", "分析", "记载", "统计", "记录", "检查", "评价",
        "评估", "组织", "协调", "实施", "维护", "使用", "调试", "计划", "控制", "编写", "编制", "撰写", "沟通", "合作",
        "表达", "协作", "知识", "意识", "技术", "设备", "安全", "文字", "语言", "环保", "方法", "收集", "装配", "监测",
        "采集", "调查", "选择", "规划", "清洗", "调整", "研发", "加工", "压力", "仪器", "机具", "部件", "工装", "工具",
        "设施", "数据", "资料", "信息", "方案", "工作", "生产", "运营", "指导", "培训", "咨询", "检验", "鉴定", "监督",
        "研究", "制定", "制订", "审核", "实践", "推广", "保养", "维护保养", "专用设备", "设备和工具", "工艺参数",
        "操作设备", "操作专用设备", "识别", "专业", "质量", "创业", "施工", "业务", "方面", "职业", "基础", "运维",
        "检修", "优化", "诊断", "识图", "正确", "运输", "办法", "相关", "一般", "常见", "常用", "简单", "主要",
        "依法", "协助", "独立", "以及", "整合", "和", "与", "及", "或", "并", "的", "等",
    ]

    /// The byte offset of `n` in `h` (first or last occurrence), or nil.
    static func find(_ n: UnsafeBufferPointer<UInt8>, in h: UnsafeBufferPointer<UInt8>, backwards: Bool) -> Int? {
        let m = n.count
        guard m > 0, m <= h.count, let hb = h.baseAddress, let nb = n.baseAddress else { return nil }
        let last = h.count - m
        var i = backwards ? last : 0
        while i >= 0 && i <= last {
            if hb[i] == nb[0] && memcmp(hb + i, nb, m) == 0 { return i }
            i += backwards ? -1 : 1
        }
        return nil
    }

    /// True when `phrase` consists only of bare words (see `bareWords`).
    public static func isBare(_ phrase: String) -> Bool {
        var p = phrase
        return p.withUTF8 { h in
            guard let base = h.baseAddress else { return true }
            var i = 0
            outer: while i < h.count {
                for w in bareBytes where w.count <= h.count - i && memcmp(base + i, w, w.count) == 0 {
                    i += w.count
                    continue outer
                }
                return false
            }
            return true
        }
    }

    /// Scalars in `bytes[from..<to]` (UTF-8 lead bytes counted).
    static func scalarCount(_ h: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Int {
        var n = 0
        var i = from
        while i < to {
            if h[i] & 0xC0 != 0x80 { n += 1 }
            i += 1
        }
        return n
    }

    /// Repeatedly cuts any of `prefixes` off the front and any of `suffixes` off the back, keeping
    /// at least one byte, and at least `minimum` characters when cutting suffixes.
    static func cut(_ s: String, prefixes: [[UInt8]], suffixes: [[UInt8]], minimum: Int) -> String {
        var copy = s
        return copy.withUTF8 { h -> String in
            guard let base = h.baseAddress else { return s }
            var lo = 0
            var hi = h.count
            var changed = true
            while changed {
                changed = false
                for w in prefixes where hi - lo > w.count && memcmp(base + lo, w, w.count) == 0 {
                    lo += w.count
                    changed = true
                }
            }
            changed = true
            while changed {
                changed = false
                for w in suffixes
                where hi - lo > w.count && memcmp(base + hi - w.count, w, w.count) == 0
                    && scalarCount(h, lo, hi - w.count) >= minimum
                {
                    hi -= w.count
                    changed = true
                }
            }
            if lo == 0 && hi == h.count { return s }
            return String(decoding: UnsafeBufferPointer(rebasing: h[lo..<hi]), as: UTF8.self)
        }
    }

    static let bareBytes: [[UInt8]] = bareWords.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
        .map { Array($0.utf8) }
    static let leadInBytes: [[UInt8]] = leadIns.map { Array($0.utf8) }
    static let tailBytes: [[UInt8]] = tails.map { Array($0.utf8) }
    static let openerBytes: [[UInt8]] = openers.map { Array($0.utf8) }

    /// True when `phrase` is on the stop-list (a marker inside it, the whole of it, or bare words only).
    public static func isStopListed(_ phrase: String) -> Bool {
        if genericExact.contains(phrase) || isBare(phrase) { return true }
        var p = phrase
        return p.withUTF8 { h in
            markerBytes.contains { m in m.withUnsafeBufferPointer { find($0, in: h, backwards: false) != nil } }
        }
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
            s = s.replacingAll(cmd, with: "")
        }
        s = s.replacingAll("\\%", with: "%")
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
        return String(out).replacingAll("()", with: "").replacingAll("（）", with: "")
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
                var name = part.trimming(chars: "，：")
                // "专业核心课程（药品检验方向）：药物分析技术" → "药物分析技术".
                if let r = name.utf8Range(of: "："), String(name[..<r.lowerBound]).has("课程") {
                    name = String(name[r.upperBound...]).trimming(chars: "，：")
                }
                guard !name.isEmpty, name.count <= maxTermLength else { continue }
                if name.has("实习") && name.hasPrefix("在") { continue }
                if ["各学校", "各地区", "自行设置", "根据地域"].contains(where: { name.has($0) }) { continue }
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
        if let r = s.utf8Range(of: "接续") { s = String(s[..<r.lowerBound]) }
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
        "负责", "参与", "完成", "协助", "对", "为", "将", "及", "和", "与", "以及", "等", "相关", "的",
    ]
    /// Openers of an ability sentence ("具有", "掌握"), cut before the verb rule is applied.
    static let openers: [String] = [
        "具有", "具备", "掌握", "能够", "熟悉", "了解", "熟练", "初步", "基本", "良好的", "较强的", "一定的", "扎实的",
        "相应的", "相关的", "必备的", "较好的",
    ]
    /// Prepositions that open a phrase which only frames the action ("对X进行Y", "根据X实施Y").
    static let prepositions: [String] = [
        "对", "根据", "依据", "按照", "依照", "针对", "运用", "利用", "使用", "通过", "结合", "面向", "在", "为",
        "遵照", "参照", "基于", "应用", "并",
    ]
    /// Endings cut off an ability phrase ("…的能力", "…等技能").
    static let tails: [String] = [
        "能力", "技能", "技术技能", "素养", "的", "等", "基本", "初步", "一定", "较强", "相应", "相关", "综合",
        "的操作", "的应用", "的运用", "的使用", "的工作", "水平", "的方法", "知识", "与", "和", "及", "以", "并", "或",
        "以及",
    ]

    static func stripLeadIns(_ s: String) -> String {
        cut(s, prefixes: leadInBytes, suffixes: [], minimum: 0)
    }

    static func stripTails(_ s: String, keeping minimum: Int) -> String {
        cut(s, prefixes: [], suffixes: tailBytes, minimum: minimum)
    }

    /// Cuts one clause (no ，；。 left in it) into object phrases.
    static func phrases(ofClause clause: String) -> [String] {
        let c0 = cut(clause, prefixes: openerBytes, suffixes: [], minimum: 0)
        // "对X进行Y", "根据X实施Y": keep what the verb acts on; keep the part before the verb too
        // unless a preposition opens it ("数控编程与仿真和进行计算机辅助制造" gives both).
        var parts = [c0]
        for verb in ["进行", "开展", "实施", "从事", "完成"] {
            if let r = c0.utf8Range(of: verb, backwards: true) {
                let before = String(c0[..<r.lowerBound])
                let after = String(c0[r.upperBound...])
                if after.count >= minPhraseLength {
                    parts = [after]
                    if !prepositions.contains(where: { before.utf8.starts(with: $0.utf8) }) {
                        parts.insert(before, at: 0)
                    }
                }
                break
            }
        }
        var out: [String] = []
        for part in parts { out += phrases(ofPart: stripTails(stripLeadIns(part), keeping: minPhraseLength)) }
        return out
    }

    static func phrases(ofPart c: String) -> [String] {
        var out: [String] = []
        for piece in split(c, at: ["、"]) {
            var p = piece
            // "个体、家庭、社区等实施保健服务": after 等 comes the action.
            if let r = p.utf8Range(of: "等", backwards: true) {
                let after = String(p[r.upperBound...])
                if after.count >= minPhraseLength { p = after }
            }
            p = dropFraming(stripTails(stripLeadIns(p), keeping: minPhraseLength))
            if p.count > maxPhraseLength {
                // Too long still: try cutting at the conjunctions.
                for sub in split(p, at: ["和", "及", "并"]) {
                    let q = dropFraming(stripTails(stripLeadIns(sub), keeping: minPhraseLength))
                    if isPhrase(q) { out.append(q) }
                }
            } else if isPhrase(p) {
                out.append(p)
            }
        }
        return out
    }

    /// Words that 并 opens as a word of its own (并网, 并联 …), where 并 is not a conjunction.
    static let bingWords: Set<Character> = ["网", "联", "行", "发", "购", "列", "存", "条", "轨"]

    /// Drops a conjunction 并 left at the front of a phrase ("并退火激活" → "退火激活"; 并网 stays).
    static func dropFraming(_ p: String) -> String {
        var t = Substring(p)
        if t.first == "并", t.count > 2, let next = t.dropFirst().first, !bingWords.contains(next) {
            t = t.dropFirst()
            t = Substring(stripLeadIns(String(t)))
        }
        return String(t)
    }

    /// A kept phrase: 2–12 characters, some CJK or Latin letter in it, no sentence punctuation.
    static func isPhrase(_ p: String) -> Bool {
        guard p.count >= minPhraseLength, p.count <= maxPhraseLength else { return false }
        if p.contains(where: { "。；，：！？".contains($0) }) { return false }
        if p.has("能力") { return false }
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
        if let r = s.utf8Range(of: "本职业包含") { s = String(s[..<r.lowerBound]) }
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

extension String {
    /// Byte-wise UTF-8 substring search (no Foundation, no grapheme folding; exact for CJK text).
    /// - Complexity: O(n·m) for a string of n and a needle of m bytes (both short here).
    func utf8Range(of needle: String, backwards: Bool = false) -> Range<String.Index>? {
        var hay = self
        var pin = needle
        let offset: Int? = hay.withUTF8 { h in
            pin.withUTF8 { n in TermCutter.find(n, in: h, backwards: backwards) }
        }
        guard let offset else { return nil }
        let lower = utf8.index(startIndex, offsetBy: offset)
        return lower..<utf8.index(lower, offsetBy: needle.utf8.count)
    }

    /// True when `needle` occurs in the string (byte-wise, see `utf8Range`).
    func has(_ needle: String) -> Bool { utf8Range(of: needle) != nil }

    /// Every occurrence of `needle` replaced by `replacement` (byte-wise).
    func replacingAll(_ needle: String, with replacement: String) -> String {
        guard has(needle) else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = String(rest).utf8Range(of: needle) {
            let s = String(rest)
            out += s[..<r.lowerBound] + replacement
            rest = Substring(s[r.upperBound...])
        }
        return out + rest
    }
}
