import Catalog
import MatchingCore

extension Advisor {
    /// Every role with unfilled headcount and why: its candidates are all full, or it has none
    /// because no major at its level is linked to its occupation, or the linked majors are not
    /// taught, or taught only in other districts, or taught but scoring below the floor.
    func unservedRoles() -> [UnservedRole] {
        // Majors by the occupation codes they link: exact 细类, and by 小类 (any link; 小类-level links).
        var byUnit: [String: [Int32]] = [:]
        var byMinorAny: [String: [Int32]] = [:]
        var byMinorLink: [String: [Int32]] = [:]
        for (m, major) in set.majors.enumerated() {
            for code in major.occupations {
                let l = OccupationLevels(code: code)
                if let u = l.unit { byUnit[u, default: []].append(Int32(m)) }
                if let mi = l.minor {
                    byMinorAny[mi, default: []].append(Int32(m))
                    if l.unit == nil { byMinorLink[mi, default: []].append(Int32(m)) }
                }
            }
        }
        // Districts where each major is taught.
        var taughtIn = [Set<String>](repeating: [], count: set.majors.count)
        for p in set.programs where p.major >= 0 {
            taughtIn[Int(p.major)].insert(set.colleges[Int(p.college)].district)
        }
        var out: [UnservedRole] = []
        for (r, role) in set.roles.enumerated() where allocation.unmet[r] > 0 {
            if edges.roleStart[r] < edges.roleStart[r + 1] {
                out.append(UnservedRole(role: Int32(r), unmet: Int(allocation.unmet[r]), reason: .allCandidatesFull, linkedMajors: []))
                continue
            }
            var linked: [Int32] = []
            if let code = role.occupation {
                let l = OccupationLevels(code: code)
                if let u = l.unit {
                    linked = (byUnit[u] ?? []) + (l.minor.flatMap { byMinorLink[$0] } ?? [])
                } else if let mi = l.minor {
                    linked = byMinorAny[mi] ?? []
                }
            }
            linked = Array(Set(linked)).sorted().filter { set.majors[Int($0)].level == role.educationLevel }
            let reason: UnservedReason
            var bearing = linked
            if linked.isEmpty {
                reason = .noLinkedMajor
            } else {
                let taught = linked.filter { !taughtIn[Int($0)].isEmpty }
                if taught.isEmpty {
                    reason = .linkedMajorsNotTaught
                } else if let d = role.district, !taught.contains(where: { taughtIn[Int($0)].contains(d) }) {
                    reason = .linkedMajorsTaughtElsewhereOnly
                    bearing = taught
                } else {
                    reason = .belowFloor
                    bearing = taught
                }
            }
            out.append(
                UnservedRole(role: Int32(r), unmet: Int(allocation.unmet[r]), reason: reason, linkedMajors: Array(bearing.prefix(5))))
        }
        return out
    }
}
