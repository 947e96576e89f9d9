import Catalog
import Foundation
import TestSupport
import Testing

/// Loads a hand-built world: catalog files written as (name, XML) into a fresh temporary folder,
/// read by the ordinary loader, the folder removed afterwards. Each test asserts on the diagnostics
/// what its world needs.
enum World {
    static func load(_ prefix: String, _ files: [(String, String)]) throws -> CatalogLoader.Result {
        let dir = try TemporaryFiles.directory(prefix, files.map { (name: $0.0, text: $0.1) })
        defer { try? FileManager.default.removeItem(at: dir) }
        return CatalogLoader().load([dir.path])
    }

    /// A world that must load without a single diagnostic (the hand-built worlds' common case).
    static func clean(_ prefix: String, _ files: [(String, String)]) throws -> CatalogSet {
        let r = try load(prefix, files)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
        return r.set
    }
}

/// The catalog files of the hand-built worlds, written from the few facts each world chooses (its
/// majors, occupations and roles), so that the worlds share one spelling of the XML.
enum HandCatalog {
    /// A major of a world: its category and class are those of `groups` for the code's first two
    /// and four characters, its level that of the category (`6x` is 中职, the rest 高职专科).
    struct Major {
        var code: String
        var name: String
        /// The linked occupation.
        var occupation: String
        var courses: [String]
        var abilities: [String] = []
        var national = false
    }

    /// 数控技术 linked to 车工, with a course and an ability term.
    static let numericalControl = Major(
        code: "460103", name: "数控技术", occupation: "6-18-01-01", courses: ["数控编程"], abilities: ["数控机床操作"])
    /// 数控技术 with its course only.
    static let numericalControlCourse = Major(code: "460103", name: "数控技术", occupation: "6-18-01-01", courses: ["数控编程"])
    /// 机械制造及自动化, linked to 车工 as 数控技术 is, teaching its course.
    static let machining = Major(code: "460104", name: "机械制造及自动化", occupation: "6-18-01-01", courses: ["数控编程"])
    /// 护理 linked to 内科护士.
    static let nursing = Major(code: "520201", name: "护理", occupation: "2-05-08-01", courses: ["基础护理"])

    /// The names of the categories (two characters) and classes (four) the worlds' majors are in.
    static let groups: [String: String] = [
        "46": "装备制造大类", "4601": "机械设计制造类", "52": "医药卫生大类", "5201": "临床医学类", "5202": "护理类",
        "53": "财经商贸大类", "5303": "财务会计类", "66": "装备制造大类", "6601": "机械设计制造类",
    ]

    /// The names of the occupations the worlds link to.
    static let occupationNames: [String: String] = [
        "6-18-01-01": "车工", "6-18-01-02": "钳工", "6-18-01-04": "磨工", "6-18-02-04": "焊工", "2-05-08-01": "内科护士",
        "2-05-01-01": "内科医师", "2-05-07-01": "影像技师", "2-06-03-01": "会计专业人员", "8-01-01-01": "潜水员",
    ]

    /// A major catalog of `majors` in their order (each category and class opened where its first
    /// major stands; a world lists the majors of one class together).
    static func majors(_ majors: [Major]) -> String {
        var xml = "<majorCatalog xmlns=\"urn:chanjiao:majors:1\" edition=\"2021\">\n"
        var category = ""
        var group = ""
        for m in majors {
            let c = String(m.code.prefix(2))
            let g = String(m.code.prefix(4))
            let level = c.hasPrefix("6") ? "secondary" : "higher"
            if g != group && !group.isEmpty { xml += "    </class>\n" }
            if c != category {
                if !category.isEmpty { xml += "  </category>\n" }
                xml += "  <category code=\"\(c)\" name=\"\(groups[c]!)\" level=\"\(level)\">\n"
                category = c
            }
            if g != group {
                xml += "    <class code=\"\(g)\" name=\"\(groups[g]!)\">\n"
                group = g
            }
            xml += "      <major code=\"\(m.code)\" name=\"\(m.name)\" level=\"\(level)\"\(m.national ? " national=\"true\"" : "")>\n"
            xml += "        <occupation code=\"\(m.occupation)\"/>\n"
            for t in m.courses { xml += "        <term kind=\"course\">\(t)</term>\n" }
            for t in m.abilities { xml += "        <term kind=\"ability\">\(t)</term>\n" }
            xml += "      </major>\n"
        }
        if !group.isEmpty { xml += "    </class>\n  </category>\n" }
        return xml + "</majorCatalog>"
    }

    /// An occupation catalog of `codes` in their order, named from `names`, else `occupationNames`.
    static func occupations(_ codes: [String], names: [String: String] = [:]) -> String {
        "<occupationCatalog xmlns=\"urn:chanjiao:occupations:1\" edition=\"2022\">\n"
            + codes.map { "  <occupation code=\"\($0)\" name=\"\(names[$0] ?? occupationNames[$0]!)\"/>\n" }.joined()
            + "</occupationCatalog>"
    }

    /// A 高职 technician role wanting `skills` (each of weight 1); no occupation when it is nil.
    static func role(_ id: String, _ name: String, occupation: String?, headcount: Int, _ skills: [String]) -> String {
        "<role id=\"\(id)\" name=\"\(name)\"" + (occupation.map { " occupation=\"\($0)\"" } ?? "")
            + " level=\"technician\" headcount=\"\(headcount)\" educationLevel=\"higher\">"
            + skills.map { "<skill>\($0)</skill>" }.joined() + "</role>"
    }

    /// A demand file of one submitter, cluster, period and district.
    static func demand(
        _ id: String, submitter: String, cluster: String = "X", period: Int = 2025, district: String = "渝北区", _ roles: [String]
    ) -> String {
        "<demand xmlns=\"urn:chanjiao:demand:1\" id=\"\(id)\" submitter=\"\(submitter)\" cluster=\"\(cluster)\" period=\"\(period)\" district=\"\(district)\">"
            + roles.joined() + "</demand>"
    }

    /// A program element of `major`: graduates as many as the intake unless given; `extra` holds
    /// further attributes as written (` dualTeacherRatio="0.5"`), `years` its year elements.
    static func program(
        _ major: String, enrolment: Int, graduates: Int? = nil, employment: String, capacity: Int, extra: String = "",
        years: String? = nil
    ) -> String {
        "<program major=\"\(major)\" enrolment=\"\(enrolment)\" graduates=\"\(graduates ?? enrolment)\" employmentRate=\"\(employment)\""
            + " capacity=\"\(capacity)\"\(extra)" + (years.map { ">\($0)</program>" } ?? "/>")
    }

    /// A 高职专科 college of `programs`.
    static func college(_ id: String, _ name: String, district: String, _ programs: [String]) -> String {
        "<college id=\"\(id)\" name=\"\(name)\" district=\"\(district)\" type=\"higher\">" + programs.joined() + "</college>"
    }

    /// A colleges file of `colleges`, marked illustrative when asked.
    static func colleges(_ colleges: [String], illustrative: Bool = false) -> String {
        "<colleges xmlns=\"urn:chanjiao:colleges:1\"\(illustrative ? " illustrative=\"true\"" : "")>" + colleges.joined() + "</colleges>"
    }
}
