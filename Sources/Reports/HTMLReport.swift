import Catalog
import Planner

extension PlanReport {
    /// `report.html`: one self-contained page in Chinese with inline SVG charts.
    public func html() -> [UInt8] { Array("<!DOCTYPE html>\n".utf8) }
}
