import Catalog
import Planner

extension PlanReport {
    /// The generator string written into `plan.json`.
    public static let generator = "chanjiao-reports/1"

    /// `plan.json`: the contract for machines. Keys in a fixed order, scores with 4 decimals,
    /// ratios and utilisation with 3, an infinite ratio as `null`.
    public func planJSON() -> [UInt8] { jsonValue().render() }

    func jsonValue() -> JSON {
        var root: [(String, JSON)] = [
            ("generator", .string(Self.generator)),
            ("policy", .object([("id", .string(plan.policy.id)), ("name", .string(plan.policy.name))])),
        ]
        if let c = scopeCollege {
            root.append(
                (
                    "scope",
                    .object([
                        ("kind", .string("college")), ("college", .string(collegeID(c))),
                        ("name", .string(collegeName(c))),
                    ])
                ))
        } else {
            root.append(("scope", .object([("kind", .string("city"))])))
        }
        root.append(("inputs", inputsJSON()))
        root.append(("allocation", allocationJSON()))
        root.append(("accounts", accountsJSON()))
        root.append(("programs", .array(advices.map(programJSON))))
        root.append(("clusters", .array(plan.clusters.map(balanceJSON))))
        root.append(("unservedRoles", .array(unservedInScope.map(unservedJSON))))
        root.append(("dualTeacher", dualTeacherJSON()))
        root.append(("majors", .array(plan.majors.map(balanceJSON))))
        root.append(("openings", .array(openingIndices.map { openingJSON(plan.openings[$0]) })))
        root.append(("consortia", consortiaJSON()))
        if scopeCollege == nil, let p = plan.pipeline { root.append(("pipeline", pipelineJSON(p))) }
        return .object(root)
    }

    private func inputsJSON() -> JSON {
        let files: [JSON] = catalog.files.indices.map { i in
            let kind = catalog.fileKinds.indices.contains(i) ? catalog.fileKinds[i]?.rawValue : nil
            let ill = catalog.fileIllustrative.indices.contains(i) ? catalog.fileIllustrative[i] : false
            return .object([("path", .string(catalog.files[i])), ("kind", .optional(kind)), ("illustrative", .bool(ill))])
        }
        let colleges = scopeCollege == nil ? catalog.colleges.count : 1
        return .object([
            ("files", .array(files)),
            ("colleges", .int(colleges)),
            ("programs", .int(programIndices.count)),
            ("roles", .int(catalog.roles.count)),
            ("majors", .int(catalog.majors.count)),
        ])
    }

    private func allocationJSON() -> JSON {
        let flows: [JSON] = flowIndices.map { i in
            let f = plan.flows[i]
            let p = program(f.program)
            return .object([
                ("program", .string(p?.id ?? "?")),
                ("college", .string(p.map { collegeID($0.college) } ?? "?")),
                ("major", .string(p?.majorCode ?? "?")),
                ("role", .string(roleRef(f.role))),
                ("cluster", .string(roleCluster(f.role))),
                ("count", .int(f.count)),
                ("score", .fixed(Double(f.score), 4)),
                ("evidence", .string(f.evidence.rawValue)),
            ])
        }
        let unmet: [JSON] = unmetRoles.map { r in
            .object([("role", .string(roleRef(Int32(r)))), ("unmet", .int(plan.unmet[r]))])
        }
        var a: [(String, JSON)] = [("totalScore", .fixed(scopeTotalScore, 4))]
        if scopeCollege != nil { a.append(("cityTotalScore", .fixed(plan.totalScore, 4))) }
        a += [
            ("objective", .int(plan.objective)),
            ("candidateEdges", .int(plan.candidateEdges)),
            (
                "candidateEdgesByEvidence",
                .object(zip(LinkEvidence.allCases, plan.candidateEdgesByEvidence).map { ($0.rawValue, .int($1)) })
            ),
            ("rolesWithoutCandidates", .int(plan.rolesWithoutCandidates)),
            ("flows", .array(flows)),
            ("unmet", .array(unmet)),
            ("idle", .int(scopeIdle)),
        ]
        return .object(a)
    }

    /// The city's accounting identities (always city-wide, also in a college's review).
    private func accountsJSON() -> JSON {
        let a = plan.accounts
        let clusters: [JSON] = plan.clusters.map { b in
            .object([
                ("key", .string(b.key)), ("placed", .int(b.allocated)), ("unplaced", .int(b.unplaced)),
                ("supply", .int(b.supply)), ("filled", .int(b.allocated)), ("unfilled", .int(b.unfilled)),
                ("demand", .int(b.demand)),
            ])
        }
        return .object([
            ("available", .int(a.available)),
            ("placed", .int(a.placed)),
            ("unplaced", .int(a.unplaced)),
            ("unplacedMatchingNoDemand", .int(a.unplacedNoDemand)),
            ("demand", .int(a.demand)),
            ("filled", .int(a.filled)),
            ("unfilled", .int(a.unfilled)),
            ("unfilledByReason", .object(a.unfilledByReason.map { ($0.reason.rawValue, JSON.int($0.headcount)) })),
            ("byCluster", .array(clusters)),
        ])
    }

    private func unservedJSON(_ u: UnservedRole) -> JSON {
        let r = role(u.role)
        return .object([
            ("role", .string(roleRef(u.role))),
            ("name", .string(r?.name ?? "?")),
            ("cluster", .string(roleCluster(u.role))),
            ("district", .optional(r?.district)),
            ("unmet", .int(u.unmet)),
            ("reason", .string(u.reason.rawValue)),
            ("reasonText", .string(u.reason.chinese)),
            ("linkedMajors", .array(u.linkedMajors.map { .string(major($0)?.code ?? "?") })),
        ])
    }

    private func dualTeacherJSON() -> JSON {
        let d = plan.dualTeacher
        return .object([
            ("level", .string(d.level.rawValue)),
            ("target", d.targetMicros > 0 ? .number(Exact.text(d.targetMicros)) : .null),
            ("systemShare", d.systemMicros.map { .number(Exact.text(($0 + 500) / 1000 * 1000)) } ?? .null),
            ("programsWithData", .int(d.programsWithData)),
            ("collegesBelowTarget", .int(d.collegesBelow)),
            ("programsGated", .int(d.programsGated)),
        ])
    }

    private func programJSON(_ a: ProgramAdvice) -> JSON {
        let p = program(a.program)
        let rules: [JSON] = a.rules.map { r in
            .object([
                ("id", .string(r.id)), ("action", .string(r.action)), ("evidence", .string(r.evidence)),
                ("source", .optional(r.source)),
            ])
        }
        var extra: [(String, JSON)] = []
        if plan.pipeline != nil { extra.append(("signalYear", .int(a.signalYear))) }
        if let s = a.sensitivity {
            extra.append(
                (
                    "sensitivity",
                    .object([
                        ("label", .string(s.label)),
                        ("flips", .array(s.flips.map(JSON.string))),
                    ])
                ))
        }
        return .object(extra.isEmpty ? programFields(a, p, rules) : programFields(a, p, rules) + extra)
    }

    private func programFields(_ a: ProgramAdvice, _ p: Program?, _ rules: [JSON]) -> [(String, JSON)] {
        return [
            ("program", .string(p?.id ?? "?")),
            ("college", .string(p.map { collegeID($0.college) } ?? "?")),
            ("major", .string(p?.majorCode ?? "?")),
            ("majorName", .string(p.map(majorName(ofProgram:)) ?? "")),
            ("card", .string(a.card.rawValue)),
            ("adjustment", .string(a.adjustment.rawValue)),
            ("utilisation", .fixed(a.utilisation, 3)),
            ("available", .int(a.available)),
            ("allocated", .int(a.allocated)),
            ("enrolment", .int(p?.enrolment ?? 0)),
            ("suggestedEnrolment", .int(a.suggestedEnrolment)),
            ("bounds", .array([.int(a.lowerBound), .int(a.upperBound)])),
            ("shortfallOfItsRoles", .int(a.shortfallOfItsRoles)),
            ("demandShare", .int(a.demandShare)),
            ("basis", .string(a.basis)),
            ("conflict", .optional(a.conflict)),
            ("schedule", .array(a.schedule.map { .int($0) })),
            ("gaps", .array(a.gaps.map { .string(term($0)) })),
            ("rules", .array(rules)),
            ("reasons", .array(reasons(a).map(JSON.string))),
        ]
    }

    private func balanceJSON(_ b: Balance) -> JSON {
        .object([
            ("key", .string(b.key)),
            ("name", .string(b.name)),
            ("supply", .int(b.supply)),
            ("demand", .int(b.demand)),
            ("allocated", .int(b.allocated)),
            ("unplaced", .int(b.unplaced)),
            ("unfilled", .int(b.unfilled)),
            ("ratio", .fixed(b.ratio, 3)),
            ("band", .string(b.band)),
            ("bandLabel", .string(b.bandLabel)),
        ])
    }

    private func openingJSON(_ o: Opening) -> JSON {
        let m = major(o.major)
        return .object([
            ("major", .string(m?.code ?? "?")),
            ("majorName", .string(m?.name ?? "")),
            ("college", .string(collegeID(o.college))),
            ("unmet", .int(o.unmet)),
            ("majorUnmet", .int(o.majorUnmet)),
            ("offeredBy", .int(o.offeredBy)),
            ("nationalControl", .bool(m?.national ?? false)),
            ("roles", .array(o.roles.map { .string(roleRef($0)) })),
            ("score", .fixed(Double(o.score), 4)),
            ("sameClassMajors", .array(o.sameClassMajors.map { .string(major($0)?.code ?? "?") })),
            ("sameDistrict", .bool(o.sameDistrict)),
            ("reason", .string(o.reason)),
        ])
    }

    private func consortiumJSON(_ c: Consortium) -> JSON {
        .object([
            ("kind", .string(c.kind.rawValue)),
            ("anchor", .string(c.anchor)),
            ("name", .string(c.name)),
            ("cluster", c.kind == .cluster ? .string(c.anchor) : .null),
            ("colleges", .array(c.colleges.map { .string(collegeID($0)) })),
            ("weight", .fixed(c.weight, 4)),
            ("leadCollege", .optional(c.leadCollege.map(collegeID))),
            ("leadEnterprise", .optional(c.leadEnterprise)),
            ("localMembers", .int(c.localMembers)),
            ("belowMinimum", .bool(c.belowMinimum)),
            ("note", .optional(c.note)),
        ])
    }

    private func consortiaJSON() -> JSON {
        func pairs(_ xs: [(college: Int32, anchor: String)]) -> JSON {
            .array(xs.map { .object([("college", .string(collegeID($0.college))), ("anchor", .string($0.anchor))]) })
        }
        return .object([
            ("optimal", .array(optimal.map(consortiumJSON))),
            ("stable", .array(stable.map(consortiumJSON))),
            ("optimalWeight", .fixed(plan.consortia.optimalWeight, 4)),
            ("stableWeight", .fixed(plan.consortia.stableWeight, 4)),
            ("differences", .object([("onlyOptimal", pairs(onlyOptimal)), ("onlyStable", pairs(onlyStable))])),
            ("relaxedMinimum", .bool(plan.consortia.relaxedMinimum)),
            ("explanation", .string(plan.consortia.explanation)),
        ])
    }
}
