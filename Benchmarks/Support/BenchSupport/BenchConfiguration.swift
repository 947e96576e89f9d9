import Foundation

/// Settings shared by the suites.
public enum BenchConfiguration {
    /// Scales run by `PlanEndToEnd` besides city: `CHANJIAO_BENCH_SCALES=province,national`.
    public static var extraScales: [String] {
        (ProcessInfo.processInfo.environment["CHANJIAO_BENCH_SCALES"] ?? "")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Whether the large (slow) variants run: `CHANJIAO_BENCH_LARGE=1`.
    public static var large: Bool { ProcessInfo.processInfo.environment["CHANJIAO_BENCH_LARGE"] == "1" }
}
