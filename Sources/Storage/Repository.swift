public import Foundation

/// Where the server keeps submissions, tokens and the last plan. The server depends on this
/// protocol only; `SQLiteRepository` is the default.
public protocol Repository: Sendable {
    /// Stores a submission durably (committed). The latest row with the same kind, owner and key
    /// is returned instead, and nothing written, when its body is the same (a replay) or when the
    /// kind is `programs` (whose key is an idempotency key, not an identity). Otherwise the row is
    /// the next revision of (kind, owner, key): a demand is replaced by its owner sending the same
    /// id. A college's programs are one submission whatever the key: each new upload is the next
    /// revision of the college's programs and replaces the one before in the plan. Throws
    /// `QuotaExceeded` when the token (`tokenName`) is over `quota`.
    func submit(_ submission: SubmissionRecord, quota: Quota?) async throws -> SubmissionOutcome

    /// Stores a withdrawal of the submission (kind, owner, key) as its next revision, by `tokenName`.
    /// For `programs` the college's latest programs are withdrawn, whatever their key; `key` names
    /// the withdrawal row itself.
    func withdraw(kind: SubmissionKind, owner: String, key: String, tokenName: String, at: Date) async throws
        -> WithdrawOutcome

    /// Submissions with `seq > after`, ascending, at most `limit`; only `owner`'s when given.
    func submissions(after: Int64, limit: Int, owner: String?) async throws -> [SubmissionRecord]

    /// The submission with this `seq`.
    func submission(seq: Int64) async throws -> SubmissionRecord?

    /// Whether a demand row with `after < seq <= through` is a later revision (a replacement or a
    /// withdrawal), so that demand parsed before may be out of date.
    func demandRevised(after: Int64, through: Int64) async throws -> Bool

    /// The plan's inputs up to `through` (a `seq`): the latest revision of every demand (kind,
    /// owner, id) unless it is a withdrawal, and the latest programs submission of each college,
    /// ascending by `seq`.
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
    /// Every token, revoked ones included, by id.
    func tokens() async throws -> [TokenRecord]
    /// Revokes the token named `name`; false when there is no such unrevoked token.
    func revokeToken(name: String) async throws -> Bool

    /// Stores the plan unless one of a higher revision is stored (it is ignored then) or one of the
    /// same revision (which is not rewritten): the stored plan never goes back.
    func savePlan(_ plan: PlanRecord) async throws

    /// The last stored plan.
    func latestPlan() async throws -> PlanRecord?
}

extension Repository {
    /// Stores a submission with no quota.
    public func submit(_ submission: SubmissionRecord) async throws -> SubmissionOutcome {
        try await submit(submission, quota: nil)
    }

    /// Every owner's submissions with `seq > after`.
    public func submissions(after: Int64, limit: Int) async throws -> [SubmissionRecord] {
        try await submissions(after: after, limit: limit, owner: nil)
    }
}
