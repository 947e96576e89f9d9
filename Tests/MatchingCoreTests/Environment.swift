#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

enum Environment {
    /// Benchmarks run only when `CHANJIAO_BENCH=1`.
    static var bench: Bool { getenv("CHANJIAO_BENCH").map { String(cString: $0) == "1" } ?? false }
}
