import Catalog
import Planner

extension PlanReport {
    /// `report.md`: a Markdown summary for people, in Chinese.
    public func markdown() -> [UInt8] { Array("# 产教匹配规划报告\n".utf8) }
}
