/// Where the server keeps submissions, tokens and the last plan. The server depends on this
/// protocol only; `SQLiteRepository` is the default.
public protocol Repository: Sendable {
    /// Stores a submission durably (committed) unless one with the same kind and key exists, in
    /// which case that first one is returned and nothing is written.
    func submit(_ submission: SubmissionRecord) async throws -> SubmissionOutcome

    /// Submissions with `seq > after`, ascending, at most `limit`.
    func submissions(after: Int64, limit: Int) async throws -> [SubmissionRecord]

    /// The plan's inputs up to `through` (a `seq`): every demand submission and the latest programs
    /// submission of each college, ascending by `seq`.
    func planInputs(through: Int64) async throws -> [SubmissionRecord]

    /// Like `planInputs(through:)`, but only the demand with `seq > demandAfter` (the planner keeps
    /// the demand it parsed before); still the latest programs of each college.
    func planInputs(demandAfter: Int64, through: Int64) async throws -> [SubmissionRecord]

    /// The highest `seq` stored (0 when none).
    func latestSeq() async throws -> Int64

    /// Stores a token (its secret's hash only).
    func insertToken(_ token: TokenRecord) async throws -> TokenRecord

    /// The unrevoked token whose secret hashes to `secretSHA256`.
    func token(secretSHA256: String) async throws -> TokenRecord?

    /// Replaces the stored plan with this one.
    func savePlan(_ plan: PlanRecord) async throws

    /// The last stored plan.
    func latestPlan() async throws -> PlanRecord?
}

extension Repository {
    /// Filters `planInputs(through:)`; repositories override it to skip reading the old demand.
    public func planInputs(demandAfter: Int64, through: Int64) async throws -> [SubmissionRecord] {
        try await planInputs(through: through).filter { $0.kind == .programs || ($0.seq ?? 0) > demandAfter }
    }
}
