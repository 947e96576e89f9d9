/// The elements of a policy document (`urn:chanjiao:policy:1`): scoring, cards, bounds, rules,
/// supply–demand bands, openings, pipeline and consortia settings, built into a `Policy`.
extension DocumentBuilder {
    private func condition(_ p: XMLStreamParser) -> Condition? {
        guard let ind: Indicator = enumValue(.indicator, p) else { return nil }
        let c = Condition(indicator: ind, below: double(.below, p), above: double(.above, p))
        if c.below == nil && c.above == nil {
            p.error("a condition needs 'below' or 'above'")
        }
        return c
    }

    mutating func startPolicyElement(_ e: ElementName, _ p: XMLStreamParser) {
        switch e {
        case .policy:
            policy = Policy(id: string(.id, p) ?? "policy", name: string(.name, p, required: false) ?? "")
            policy.source = ref(p)
        case .scoring:
            var s = policy.scoring
            if let v = double(.alpha, p) { s.alpha = v }
            if let v = double(.floor, p) { s.floor = v }
            if let v = int(.topK, p, required: false) { s.topK = max(1, v) }
            if let v = double(.fallbackFloor, p) { s.fallbackFloor = v }
            if let v = int(.fallbackTopK, p, required: false) { s.fallbackTopK = max(1, v) }
            if let v = double(.occUnit, p) { s.occUnit = v }
            if let v = double(.occMinor, p) { s.occMinor = v }
            if let v = double(.occMiddle, p) { s.occMiddle = v }
            if let v = double(.sameDistrict, p) { s.sameDistrict = v }
            if let v = double(.sameCity, p) { s.sameCity = v }
            if let v = double(.elsewhere, p) { s.elsewhere = v }
            if let v = int(.costScale, p, required: false) { s.costScale = max(1, v) }
            policy.scoring = s
        case .levelFit:
            if let ed: EducationLevel = enumValue(.education, p), let r: RoleLevel = enumValue(.role, p),
                let v = double(.value, p, required: true)
            {
                policy.scoring.levelFit[ed.index][r.index] = v
            }
        case .documents:
            var w = policy.scoring.documents
            if let v = double(.majorName, p) { w.majorName = v }
            if let v = double(.majorCourse, p) { w.majorCourse = v }
            if let v = double(.majorOther, p) { w.majorOther = v }
            if let v = double(.linkName, p) { w.linkName = v }
            if let v = double(.linkTask, p) { w.linkTask = v }
            if let v = double(.programTerm, p) { w.programTerm = v }
            if let v = double(.roleName, p) { w.roleName = v }
            if let v = double(.roleOccupationName, p) { w.roleOccupationName = v }
            if let v = double(.roleOccupationTask, p) { w.roleOccupationTask = v }
            policy.scoring.documents = w
        case .cards:
            if let v = double(.greenUtilisation, p) { policy.cards.greenUtilisation = v }
            if let v = double(.yellowUtilisation, p) { policy.cards.yellowUtilisation = v }
            if let v = double(.redEmploymentBelow, p) { policy.cards.redEmploymentBelow = v }
            if policy.cards.yellowUtilisation > policy.cards.greenUtilisation {
                p.error(
                    "cards: yellowUtilisation (\(policy.cards.yellowUtilisation)) must not exceed greenUtilisation (\(policy.cards.greenUtilisation))"
                )
            }
        case .bounds:
            if let v = double(.expandPerYear, p) { policy.bounds.expandPerYear = v }
            if let v = double(.shrinkPerYear, p) { policy.bounds.shrinkPerYear = v }
            if let v = int(.studentsPerMajorCap, p, required: false) { policy.bounds.studentsPerMajorCap = v }
            if let v = double(.dualTeacherFloor, p) { policy.bounds.dualTeacherFloor = v }
            if let v = int(.minimumEnrolment, p, required: false) { policy.bounds.minimumEnrolment = v }
            if let v: TargetLevel = enumValue(.dualTeacherLevel, p, required: false) { policy.bounds.dualTeacherLevel = v }
        case .supplyDemand:
            bands = []
        case .band:
            let name = string(.name, p) ?? "band"
            let up = double(.upTo, p)
            if let last = bands.last {
                if last.upTo == nil {
                    p.error("band '\(name)' follows a band without 'upTo': only the last band may be open")
                } else if let up, let prev = last.upTo, up <= prev {
                    p.error(attribute: AttributeName.upTo.rawValue, "band '\(name)': upTo \(up) must exceed the previous band's \(prev)")
                }
            }
            bands.append(SupplyDemandBand(name: name, label: string(.label, p, required: false) ?? name, upTo: up))
        case .rule:
            ruleId = string(.id, p) ?? "rule"
            ruleAction = enumValue(.action, p) ?? .keep
            ruleSource = string(.source, p, required: false)
            ruleReason = string(.reason, p, required: false)
            ruleTrigger = nil
            if policy.rules.contains(where: { $0.id == ruleId }) {
                p.error(attribute: AttributeName.id.rawValue, "duplicate rule id '\(ruleId)'")
            }
        case .consecutive:
            if let c = condition(p) { ruleTrigger = .consecutive(c, years: max(1, int(.years, p) ?? 1)) }
        case .anyOf:
            anyOfK = max(1, int(.k, p) ?? 1)
            anyOfConditions = []
        case .condition:
            if let c = condition(p) { anyOfConditions.append(c) }
        case .when:
            if let c = condition(p) { ruleTrigger = .when(c) }
        case .openings:
            if p.attribute(AttributeName.allowNationalControl.rawValue) != nil {
                policy.openings.allowNationalControl = bool(.allowNationalControl, p)
            }
            if let v = int(.collegesPerMajor, p, required: false) { policy.openings.collegesPerMajor = max(1, v) }
        case .pipeline:
            if let v = int(.horizon, p, required: false) { policy.pipeline.horizon = min(v, PipelinePolicy.maxHorizon) }
            if let v = int(.baseYear, p, required: false) { policy.pipeline.baseYear = v }
            if let v = double(.sensitivity, p) { policy.pipeline.sensitivity = v }
            policy.pipeline.source = string(.source, p, required: false)
        case .stage:
            if let ed: EducationLevel = enumValue(.education, p) {
                var st = policy.pipeline.stages[ed.index]
                if let v = int(.years, p, required: false) { st.years = max(1, min(v, 8)) }
                if let v = double(.dropout, p) { st.dropout = v }
                if let v = double(.furtherStudy, p) { st.furtherStudy = v }
                st.source = string(.source, p, required: false)
                st.illustrative = bool(.illustrative, p)
                policy.pipeline.stages[ed.index] = st
            }
        case .consortia:
            if let v = int(.maxPerCollege, p, required: false) { policy.consortia.maxPerCollege = max(1, v) }
            if let v = int(.minColleges, p, required: false) { policy.consortia.minColleges = max(1, v) }
            if let v = int(.maxColleges, p, required: false) { policy.consortia.maxColleges = max(1, v) }
            if policy.consortia.minColleges > policy.consortia.maxColleges {
                p.error("consortia: minColleges (\(policy.consortia.minColleges)) exceeds maxColleges (\(policy.consortia.maxColleges))")
            }
        default:
            if !p.validating { p.error("element <\(e)> is not expected in a policy document") }
        }
    }

    mutating func endPolicyElement(_ e: ElementName, _ p: XMLStreamParser) {
        switch e {
        case .anyOf:
            if anyOfK > anyOfConditions.count {
                p.report(
                    .error, at: p.lastClosedStart ?? p.tagPosition,
                    "anyOf k=\(anyOfK) exceeds its \(anyOfConditions.count) conditions: the rule could never fire")
            }
            ruleTrigger = .anyOf(anyOfConditions, k: anyOfK)
        case .rule:
            if let t = ruleTrigger {
                policy.rules.append(
                    PolicyRule(id: ruleId, action: ruleAction, trigger: t, source: ruleSource, reason: ruleReason))
            } else if !p.validating {
                p.error("rule '\(ruleId)' has no condition (consecutive, anyOf or when)")
            }
        case .supplyDemand:
            if !bands.isEmpty {
                if bands.last?.upTo != nil {
                    bands.append(SupplyDemandBand(name: "above", label: "高于最高档", upTo: nil))
                }
                policy.supplyDemand = bands
            }
        case .policy:
            set.policies.append(policy)
        default:
            break
        }
    }
}
