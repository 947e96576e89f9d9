public import Catalog
public import MatchingCore

// `chanjiao rank`'s engine: the catalog majors ranked for a role by the same score the plan uses.

extension MatchSpace {
    /// Scratch for `rankMajors`.
    public func rankingScratch() -> TopKScratch { TopKScratch(rowCount: majorIndex.rowCount) }

    /// The catalog's majors at `level` ranked for role `role` by `α·cos + (1−α)·occ`, best first.
    /// - Complexity: the postings of the role's query columns plus O(k log k).
    public func rankMajors(role: Int, level: EducationLevel, k: Int, floor: Float, scratch: inout TopKScratch)
        -> [ScoredRow]
    {
        // Rows 0..<majorCount are the catalog's majors; the rest are customised programs.
        let eligible = majorRowsByLevel[level.index]
        return majorIndex.topK(query: queries.row(role), k: k, floor: floor, scratch: &scratch) { eligible[$0] }
    }
}
