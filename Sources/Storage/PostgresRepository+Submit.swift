public import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Storing submissions and withdrawals under the table's write lock.
extension PostgresRepository {
    static let submissionColumns = "seq, kind, key, owner, token_name, body_sha256, body, received_at_millis, revision, withdrawn"

    static func records(_ rows: PostgresRowSequence) async throws -> [SubmissionRecord] {
        var out: [SubmissionRecord] = []
        for try await row in rows {
            let (seq, kind, key, owner, token, sha, body, millis, revision, withdrawn) = try row.decode(
                (Int64, String, String, String, String, String, Data, Int64, Int64, Bool).self)
            out.append(
                SubmissionRecord(
                    stored: seq, kind: SubmissionKind(rawValue: kind) ?? .demand, key: key, owner: owner, tokenName: token,
                    bodySHA256: sha, body: body, receivedAtMillis: millis, revision: revision, withdrawn: withdrawn))
        }
        return out
    }

    /// Takes the submission table's write lock until the transaction ends (see the type's note).
    static func lockSubmissions(_ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.query("LOCK TABLE submission IN SHARE ROW EXCLUSIVE MODE", logger: logger)
    }

    public func submit(_ submission: SubmissionRecord, quota: Quota?) async throws -> SubmissionOutcome {
        try await committer.submit(submission, quota: quota)
    }

    /// One submission inside the batch's transaction (which holds the table lock): the rules of
    /// `Repository.submit`, as `SQLiteRepository` applies them.
    static func submit(
        _ submission: SubmissionRecord, quota: Quota?, now: Date, _ c: PostgresConnection, _ logger: Logger
    ) async throws -> SubmissionOutcome {
        let latest = try await records(
            c.query(
                """
                SELECT \(unescaped: submissionColumns) FROM submission
                WHERE kind = \(submission.kind.rawValue) AND owner = \(submission.owner) AND key = \(submission.key)
                ORDER BY revision DESC LIMIT 1
                """, logger: logger)
        ).first
        if let replayed = SubmissionRules.replayed(submission, latest: latest) { return .existing(replayed) }
        if let quota { try await check(quota, token: submission.tokenName, adding: submission.body.count, now: now, c, logger) }
        // A demand's revisions count per (owner, id); a college's programs per college, whatever the key.
        let previous = submission.kind == .programs ? try await latestPrograms(of: submission.owner, c, logger) : latest
        var row = submission
        row.revision = SubmissionRules.revision(after: previous)
        // The row and the token's stored bytes in one round trip.
        for try await seq in try await c.query(
            """
            WITH inserted AS (
                INSERT INTO submission (kind, key, owner, token_name, body_sha256, body, received_at_millis, revision, withdrawn)
                VALUES (\(row.kind.rawValue), \(row.key), \(row.owner), \(row.tokenName), \(row.bodySHA256), \(row.body),
                        \(row.receivedAtMillis), \(row.revision), \(row.withdrawn))
                RETURNING seq),
            usage AS (
                INSERT INTO token_usage (token_name, bytes) VALUES (\(row.tokenName), \(Int64(row.body.count)))
                ON CONFLICT (token_name) DO UPDATE SET bytes = token_usage.bytes + excluded.bytes)
            SELECT seq FROM inserted
            """, logger: logger
        ).decode(Int64.self) {
            row.seq = seq
        }
        return .created(row)
    }

    static func latestPrograms(of owner: String, _ c: PostgresConnection, _ logger: Logger) async throws -> SubmissionRecord? {
        try await records(
            c.query(
                """
                SELECT \(unescaped: submissionColumns) FROM submission WHERE kind = 'programs' AND owner = \(owner)
                ORDER BY seq DESC LIMIT 1
                """, logger: logger)
        ).first
    }

    /// Throws `QuotaExceeded` when `token` has used up `quota` (before adding `bytes`).
    static func check(
        _ quota: Quota, token: String, adding bytes: Int, now: Date, _ c: PostgresConnection, _ logger: Logger
    ) async throws {
        guard quota.submissionsPerHour != nil || quota.storedBytes != nil else { return }
        let nowMillis = SubmissionRules.millis(now)
        // The hour's count, its oldest submission and the stored bytes in one round trip.
        var count: Int64 = 0
        var oldest: Int64?
        var used: Int64 = 0
        for try await (n, first, stored) in try await c.query(
            """
            SELECT count(*), min(received_at_millis),
                   coalesce((SELECT bytes FROM token_usage WHERE token_name = \(token)), 0)::bigint
            FROM submission WHERE token_name = \(token) AND received_at_millis > \(nowMillis - SubmissionRules.hourMillis)
            """, logger: logger
        ).decode((Int64, Int64?, Int64).self) {
            (count, oldest, used) = (n, first, stored)
        }
        if let perHour = quota.submissionsPerHour {
            try SubmissionRules.checkHourly(perHour: perHour, count: count, oldestMillis: oldest, nowMillis: nowMillis)
        }
        if let maxBytes = quota.storedBytes { try SubmissionRules.checkBytes(maxBytes: maxBytes, used: used, adding: bytes) }
    }

    public func withdraw(kind: SubmissionKind, owner: String, key: String, tokenName: String, at: Date) async throws
        -> WithdrawOutcome
    {
        let logger = self.logger
        return try await client.withTransaction(logger: logger) { c in
            try await Self.lockSubmissions(c, logger)
            let latest: SubmissionRecord?
            if kind == .programs {
                latest = try await Self.latestPrograms(of: owner, c, logger)
            } else {
                latest = try await Self.records(
                    c.query(
                        """
                        SELECT \(unescaped: Self.submissionColumns) FROM submission
                        WHERE kind = \(kind.rawValue) AND owner = \(owner) AND key = \(key) ORDER BY revision DESC LIMIT 1
                        """, logger: logger)
                ).first
            }
            guard var row = SubmissionRules.withdrawal(of: latest, kind: kind, owner: owner, key: key, tokenName: tokenName, at: at)
            else { return WithdrawOutcome.notFound }
            for try await seq in try await c.query(
                """
                INSERT INTO submission (kind, key, owner, token_name, body_sha256, body, received_at_millis, revision, withdrawn)
                VALUES (\(row.kind.rawValue), \(row.key), \(row.owner), \(row.tokenName), \(row.bodySHA256), \(row.body),
                        \(row.receivedAtMillis), \(row.revision), true)
                RETURNING seq
                """, logger: logger
            ).decode(Int64.self) {
                row.seq = seq
            }
            return WithdrawOutcome.withdrawn(row)
        }
    }
}
