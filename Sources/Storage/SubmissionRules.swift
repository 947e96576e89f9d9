import Foundation

/// The rules of `Repository.submit` and `withdraw` that need no store, so that both backends apply
/// the same ones: what a re-send gets back, which revision a new row takes, what a withdrawal
/// stores, and when a token is over its `Quota`. Each backend only reads the rows and counts these
/// decide on, inside its write transaction.
enum SubmissionRules {
    /// The stored row a submission gets back instead of a new row: the latest row of its (kind,
    /// owner, key), unless that was withdrawn, when the body is the same (a replay) or the kind is
    /// `programs` (whose key is an idempotency key: reused for another body it is refused, not a
    /// new revision). nil: the submission is stored as a new row.
    static func replayed(_ submission: SubmissionRecord, latest: SubmissionRecord?) -> SubmissionRecord? {
        guard let latest, !latest.withdrawn else { return nil }
        return latest.bodySHA256 == submission.bodySHA256 || submission.kind == .programs ? latest : nil
    }

    /// The revision of a new row after `previous`, the latest row it follows (a demand's (owner,
    /// id); a college's programs whatever their key): one more, or 1 for the first.
    static func revision(after previous: SubmissionRecord?) -> Int64 {
        (previous?.revision ?? 0) + 1
    }

    /// The row that withdraws `latest` (the latest row of the demand, or of the college's
    /// programs), its next revision with an empty body; nil when there is nothing to withdraw
    /// (no row, or already withdrawn).
    static func withdrawal(
        of latest: SubmissionRecord?, kind: SubmissionKind, owner: String, key: String, tokenName: String, at: Date
    ) -> SubmissionRecord? {
        guard let latest, !latest.withdrawn else { return nil }
        return SubmissionRecord(
            kind: kind, key: key, owner: owner, tokenName: tokenName, body: Data(), receivedAt: at,
            revision: revision(after: latest), withdrawn: true)
    }

    /// The window the hourly quota counts in.
    static let hourMillis: Int64 = 3_600_000

    /// `date` in whole milliseconds since 1970, as rows store it.
    static func millis(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// Throws when `count` submissions (those received after `nowMillis - hourMillis`, the oldest
    /// at `oldestMillis`) leave no room under `perHour`. `Retry-After` is the whole seconds, rounded
    /// up and at least 1, until the oldest leaves the window.
    static func checkHourly(perHour: Int, count: Int64, oldestMillis: Int64?, nowMillis: Int64) throws(QuotaExceeded) {
        guard count >= Int64(perHour) else { return }
        let first = oldestMillis ?? nowMillis
        let wait = max(1, Int((first + hourMillis - nowMillis + 999) / 1000))
        throw QuotaExceeded(quota: "submissions-per-hour", limit: Int64(perHour), retryAfterSeconds: wait)
    }

    /// Throws when `adding` bytes to the `used` ones would pass `maxBytes`. Nothing frees bytes by
    /// itself, so `Retry-After` is an hour.
    static func checkBytes(maxBytes: Int64, used: Int64, adding: Int) throws(QuotaExceeded) {
        guard used + Int64(adding) > maxBytes else { return }
        throw QuotaExceeded(quota: "stored-bytes", limit: maxBytes, retryAfterSeconds: 3600)
    }
}
