@testable import Catalog
@testable import Planner

/// A tiny hand-built catalog set and plan (Planner types have no public memberwise inits, hence
/// `@testable`).
enum Fixture {
    static let src = SourceRef(file: 0, line: 1, column: 1)

    static func set() -> CatalogSet {
        var s = CatalogSet()
        s.files = ["majors.xml", "clusters.xml", "colleges.xml", "demand.xml"]
        s.fileKinds = [.majors, .clusters, .colleges, .demand]
        s.fileIllustrative = [false, false, true, true]
        let plc = s.terms.intern("PLC编程")
        let cad = s.terms.intern("CAD制图")
        let weld = s.terms.intern("焊接, \"机器人\"")
        s.majors = [
            Major(
                code: "460301", name: "机电一体化技术", level: .higher, categoryCode: "46", categoryName: "装备制造大类",
                classCode: "4603", className: "机电设备类", national: false, added: nil, occupations: ["6-31-01-03"],
                terms: [MajorTerm(term: plc, kind: .course, generic: false)], source: src),
            Major(
                code: "460305", name: "工业机器人技术", level: .higher, categoryCode: "46", categoryName: "装备制造大类",
                classCode: "4603", className: "机电设备类", national: false, added: nil, occupations: [],
                terms: [MajorTerm(term: cad, kind: .course, generic: false)], source: src),
            Major(
                code: "460701", name: "汽车制造与试验技术", level: .higher, categoryCode: "46", categoryName: "装备制造大类",
                classCode: "4607", className: "汽车制造类", national: false, added: nil, occupations: [],
                terms: [], source: src),
        ]
        s.clusters = [
            Cluster(
                id: "c-auto", system: "33618", tier: "3T", tierName: "万亿级", name: "智能网联新能源汽车", parent: nil,
                confidence: "high", occupations: [], terms: [], source: src),
            Cluster(
                id: "c-robot", system: "33618", tier: "6H", tierName: "百亿级", name: "机器人<与>智能装备", parent: nil,
                confidence: "medium", occupations: [], terms: [], source: src),
        ]
        s.colleges = [
            College(id: "col-a", name: "示例<职业>技术学院", district: "两江新区", type: .higher, illustrative: true, source: src),
            College(id: "col-b", name: "Acme, \"Polytechnic\"", district: "九龙坡区", type: .higher, illustrative: true, source: src),
        ]
        s.programs = [
            program("col-a/460301", college: 0, major: 0, code: "460301", enrolment: 100, graduates: 90, rate: 0.95),
            program("col-a/460701", college: 0, major: 2, code: "460701", enrolment: 80, graduates: 70, rate: 0.65),
            program("col-b/460305", college: 1, major: 1, code: "460305", enrolment: 60, graduates: 50, rate: 0.9),
        ]
        s.demands = [
            DemandSubmission(
                id: "d-auto", submitter: "汽车协会", cluster: "c-auto", period: "2025", district: "两江新区",
                illustrative: true, roles: 0..<2, source: src),
            DemandSubmission(
                id: "d-robot", submitter: "园区", cluster: "c-robot", period: "2025", district: nil, illustrative: true,
                roles: 2..<3, source: src),
        ]
        s.roles = [
            role("r1", submission: 0, name: "装调工", headcount: 120, skills: [Skill(term: plc, weight: 1)]),
            role("r2", submission: 0, name: "试验员", headcount: 40, skills: []),
            role("r3", submission: 1, name: "机器人运维", headcount: 60, skills: [Skill(term: weld, weight: 2)]),
        ]
        s.rebuildIndexes()
        return s
    }

    static func program(
        _ id: String, college: Int32, major: Int32, code: String, enrolment: Int32, graduates: Int32, rate: Float
    ) -> Program {
        Program(
            id: id, college: college, majorCode: code, major: major, enrolment: enrolment, graduates: graduates,
            employmentRate: rate, capacity: enrolment * 2, dualTeacherRatio: .nan, localRetention: .nan,
            replacesOccupations: false, occupations: [], terms: [], history: [], source: src)
    }

    static func role(_ id: String, submission: Int32, name: String, headcount: Int32, skills: [Skill]) -> Role {
        Role(
            id: id, submission: submission, name: name, occupation: nil, level: .technician, headcount: headcount,
            educationLevel: .higher, growth: 0, district: nil, skills: skills, source: src)
    }

    static func plan() -> Plan {
        let s = set()
        var policy = Policy(id: "cq", name: "重庆 policy")
        policy.rules = []
        let flows = [
            Flow(program: 0, role: 0, count: 90, score: 0.81234),
            Flow(program: 1, role: 1, count: 30, score: 0.5),
            Flow(program: 2, role: 2, count: 35, score: 0.66666),
        ]
        let programs = [
            ProgramAdvice(
                program: 0, available: 90, allocated: 90, utilisation: 1.0, card: .green, adjustment: .expand,
                suggestedEnrolment: 120, lowerBound: 80, upperBound: 120, shortfallOfItsRoles: 30, gaps: [],
                rules: [FiredRule(id: "card.green", action: "expand", evidence: "利用率 1 不低于 0.9", source: nil)],
                reason: "利用率高且岗位仍缺口，建议扩招"),
            ProgramAdvice(
                program: 1, available: 70, allocated: 30, utilisation: 30.0 / 70.0, card: .red, adjustment: .shrink,
                suggestedEnrolment: 64, lowerBound: 64, upperBound: 80, shortfallOfItsRoles: 10, gaps: [1],
                rules: [
                    FiredRule(
                        id: "emp-2y", action: "shrink", evidence: "就业率近 2 年为 0.62、0.65（连续 2 年就业率低于 0.7）",
                        source: "policy-cq.xml")
                ],
                reason: "就业率连续两年低于70%，建议缩减"),
            ProgramAdvice(
                program: 2, available: 50, allocated: 35, utilisation: 0.7, card: .yellow, adjustment: .keep,
                suggestedEnrolment: 60, lowerBound: 48, upperBound: 72, shortfallOfItsRoles: 25, gaps: [2, 1],
                rules: [], reason: "保持规模，补齐课程缺口"),
        ]
        let clusters = [
            Balance(
                key: "c-auto", name: "智能网联新能源汽车", supply: 160, demand: 160, allocated: 120, ratio: 1.0,
                band: "balanced", bandLabel: "供需平衡"),
            Balance(
                key: "c-robot", name: "机器人<与>智能装备", supply: 50, demand: 60, allocated: 35, ratio: 50.0 / 60.0,
                band: "slightUndersupply", bandLabel: "供给略缺"),
        ]
        let majors = [
            Balance(
                key: "460301", name: "机电一体化技术", supply: 90, demand: 0, allocated: 90, ratio: .infinity,
                band: "oversupply", bandLabel: "供给过剩")
        ]
        let openings = [
            Opening(
                major: 1, college: 0, unmet: 25, roles: [2], score: 0.71, sameClassMajors: [0], sameDistrict: false,
                reason: "同专业类已有机电一体化技术")
        ]
        let optimal = [
            Consortium(kind: .cluster, anchor: "c-auto", name: "智能网联新能源汽车行业产教融合共同体", colleges: [0, 1], weight: 88.1234),
            Consortium(kind: .district, anchor: "两江新区", name: "两江新区市域产教联合体", colleges: [0], weight: 12.5),
        ]
        let stable = [
            Consortium(kind: .cluster, anchor: "c-auto", name: "智能网联新能源汽车行业产教融合共同体", colleges: [0], weight: 80),
            Consortium(kind: .cluster, anchor: "c-robot", name: "机器人行业产教融合共同体", colleges: [1], weight: 23.3331),
        ]
        let consortia = ConsortiumPlan(
            optimal: optimal, stable: stable, optimalWeight: 100.6234, stableWeight: 103.3331,
            onlyOptimal: [(college: 1, anchor: "c-auto"), (college: 0, anchor: "两江新区")],
            onlyStable: [(college: 1, anchor: "c-robot")], relaxedMinimum: true)
        return Plan(
            set: s, policy: policy, candidateEdges: 7,
            rolesWithoutCandidates: 0, candidateEdgesByEvidence: [], flows: flows, totalScore: 111.4437, objective: 1_114_437,
            unmet: [30, 10, 25], idle: [0, 40, 15], programs: programs, clusters: clusters, majors: majors,
            openings: openings, consortia: consortia,
            accounts: Accounts(
                available: 0, placed: 0, unplaced: 0, unplacedNoDemand: 0, demand: 0, filled: 0, unfilled: 0,
                unfilledByReason: []),
            unservedRoles: [], available: [],
            dualTeacher: DualTeacherCheck(
                level: .system, targetMicros: 0, systemMicros: nil, programsWithData: 0, collegesBelow: 0, programsGated: 0))
    }
}

extension Fixture {
    /// A city-scale plan (5,000 programs, 200 colleges, 2,000 roles, 40 clusters), built
    /// arithmetically (no randomness) to check that the outputs stay light.
    static func cityScale() -> Plan {
        var plan = Fixture.plan()
        var s = plan.set
        let classes = (0..<20).map { "专业类\($0)" }
        s.majors = (0..<120).map { i in
            Major(
                code: "46\(String(1000 + i).suffix(4))", name: "专业\(i)", level: .higher, categoryCode: "46",
                categoryName: "大类", classCode: "46\(i % 20)", className: classes[i % 20], national: false, added: nil,
                occupations: [], terms: [], source: src)
        }
        s.clusters = (0..<40).map { i in
            Cluster(
                id: "c\(i)", system: "33618", tier: "18N", tierName: "新星", name: "集群\(i)", parent: nil,
                confidence: "high", occupations: [], terms: [], source: src)
        }
        s.colleges = (0..<200).map { i in
            College(id: "col\(i)", name: "学院\(i)", district: "区\(i % 38)", type: .higher, illustrative: true, source: src)
        }
        s.programs = []
        for i in 0..<5000 {
            let k = Int32(i)
            s.programs.append(
                program(
                    "col\(i / 25)/p\(i)", college: k / 25, major: k % 120, code: "m\(i % 120)",
                    enrolment: 50 + k % 100, graduates: 40 + k % 90, rate: 0.8))
        }
        s.demands = []
        for i in 0..<40 {
            let roles: Range<Int> = (i * 50)..<(i * 50 + 50)
            s.demands.append(
                DemandSubmission(
                    id: "d\(i)", submitter: "协会\(i)", cluster: "c\(i)", period: "2025", district: nil,
                    illustrative: true, roles: roles, source: src))
        }
        s.roles = []
        for i in 0..<2000 {
            s.roles.append(role("r\(i)", submission: Int32(i / 50), name: "岗位\(i)", headcount: 100, skills: []))
        }
        s.rebuildIndexes()
        plan.set = s
        plan.flows = []
        for i in 0..<8000 {
            let k = Int32(i)
            let score = Float(i % 100) / 100
            plan.flows.append(Flow(program: k % 5000, role: (k * 7) % 2000, count: 1 + k % 30, score: score))
        }
        plan.unmet = []
        for i in 0..<2000 { plan.unmet.append(Int32(i % 5)) }
        plan.idle = []
        for i in 0..<5000 { plan.idle.append(Int32(i % 7)) }
        let cards: [Card] = [.red, .yellow, .green]
        plan.programs = []
        for i in 0..<5000 {
            let k = Int32(i)
            let u = Double(i % 45) / 40
            plan.programs.append(
                ProgramAdvice(
                    program: k, available: 40, allocated: k % 45, utilisation: u, card: cards[i % 3],
                    adjustment: .keep, suggestedEnrolment: 60, lowerBound: 48, upperBound: 72,
                    shortfallOfItsRoles: Int(k % 13), gaps: [0, 1], rules: [], reason: "理由\(i)"))
        }
        plan.clusters = []
        for i in 0..<40 {
            let supply = 100 * i
            let demand = 5000 - 100 * i
            let ratio = Double(supply) / Double(demand)
            plan.clusters.append(
                Balance(
                    key: "c\(i)", name: "集群\(i)", supply: supply, demand: demand, allocated: 50 * i,
                    ratio: ratio, band: "balanced", bandLabel: "供需平衡"))
        }
        plan.openings = []
        for i in 0..<300 {
            let k = Int32(i)
            plan.openings.append(
                Opening(
                    major: k % 120, college: k % 200, unmet: 10, roles: [k], score: 0.5,
                    sameClassMajors: [], sameDistrict: i % 2 == 0, reason: "理由"))
        }
        return plan
    }
}
