/// The largest counts one input file may hold, so that every sum the planner forms fits its types.
///
/// A single role's headcount and a program's enrolment, graduates and capacity are bounded by the
/// schemas (at most 1,000,000 each). A file's totals are bounded here, with a located error on the
/// element that passes the limit, in validated and trusted mode alike. Sums across files are formed
/// in `Int` (64 bits), which no number of accepted files can overflow.
public enum IngestLimits {
    /// The most posts the roles of one demand file may ask for in all.
    public static let maxHeadcountPerFile = 10_000_000
    /// The most enrolled students, and separately the most graduates, one colleges file may hold.
    public static let maxStudentsPerFile = 10_000_000
}
