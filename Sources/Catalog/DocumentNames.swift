/// Element names of all six formats.
enum ElementName: Int, CaseIterable {
    case majorCatalog, category, `class`, major, occupation, term
    case occupationCatalog
    case clusterCatalog, cluster
    case colleges, college, program, year
    case demand, role, skill
    case policy, scoring, levelFit, documents, cards, bounds, supplyDemand, band, rule, consecutive, anyOf, condition, when
    case consortia, openings
    case pipeline, stage

    static let names: [String] = allCases.map { String(describing: $0) }
}

/// Attribute names of all six formats.
enum AttributeName: Int, CaseIterable {
    case code, name, level, national, added, kind, generic, edition, illustrative, source, note
    case digital, green
    case id, system, tier, tierName, parent, confidence
    case district, type, major, enrolment, graduates, employmentRate, capacity, dualTeacherRatio, localRetention
    case occupations, year, firstChoiceRate
    case submitter, cluster, period, occupation, headcount, educationLevel, growth, weight, sector
    case alpha, floor, topK, fallbackFloor, fallbackTopK, occUnit, occMinor, occMiddle, sameDistrict, sameCity, elsewhere, costScale
    case education, role, value
    case majorName, majorCourse, majorOther, linkName, linkTask, programTerm, roleName, roleOccupationName, roleOccupationTask
    case greenUtilisation, yellowUtilisation, redEmploymentBelow
    case expandPerYear, shrinkPerYear, studentsPerMajorCap, dualTeacherFloor, minimumEnrolment
    case label, upTo, action, reason, indicator, below, above, years, k
    case maxPerCollege, minColleges, maxColleges
    case dualTeacherLevel, allowNationalControl, collegesPerMajor
    case horizon, baseYear, sensitivity, dropout, furtherStudy
    case derived

    static let names: [String] = allCases.map { String(describing: $0) }
}
