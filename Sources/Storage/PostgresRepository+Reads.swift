import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Reading submissions back: listings, one by `seq`, the plan's inputs.
extension PostgresRepository {
    public func submissions(after: Int64, limit: Int, owner: String?) async throws -> [SubmissionRecord] {
        let limit = Int64(max(0, limit))
        if let owner {
            return try await Self.records(
                client.query(
                    """
                    SELECT \(unescaped: Self.submissionColumns) FROM submission WHERE seq > \(after) AND owner = \(owner)
                    ORDER BY seq LIMIT \(limit)
                    """, logger: logger))
        }
        return try await Self.records(
            client.query(
                "SELECT \(unescaped: Self.submissionColumns) FROM submission WHERE seq > \(after) ORDER BY seq LIMIT \(limit)",
                logger: logger))
    }

    public func submission(seq: Int64) async throws -> SubmissionRecord? {
        try await Self.records(
            client.query("SELECT \(unescaped: Self.submissionColumns) FROM submission WHERE seq = \(seq)", logger: logger)
        ).first
    }

    public func demandRevised(after: Int64, through: Int64) async throws -> Bool {
        var revised = false
        for try await b in try await client.query(
            """
            SELECT EXISTS (SELECT 1 FROM submission WHERE kind = 'demand' AND seq > \(after) AND seq <= \(through) AND revision > 1)
            """, logger: logger
        ).decode(Bool.self) {
            revised = b
        }
        return revised
    }

    public func planInputs(through: Int64) async throws -> [SubmissionRecord] {
        try await planInputs(demandAfter: 0, through: through)
    }

    public func planInputs(demandAfter: Int64, through: Int64) async throws -> [SubmissionRecord] {
        // The latest row (up to `through`) of each demand (owner, id), and of each college's
        // programs; withdrawals are dropped after picking the latest, so a withdrawn one is gone.
        try await Self.records(
            client.query(
                """
                SELECT \(unescaped: Self.submissionColumns) FROM submission WHERE NOT withdrawn AND seq IN (
                    SELECT max(seq) FROM submission WHERE kind = 'demand' AND seq <= \(through) GROUP BY owner, key
                    HAVING max(seq) > \(demandAfter)
                    UNION ALL
                    SELECT max(seq) FROM submission WHERE kind = 'programs' AND seq <= \(through) GROUP BY owner)
                ORDER BY seq
                """, logger: logger))
    }

    public func latestSeq() async throws -> Int64 {
        var seq: Int64 = 0
        for try await s in try await client.query("SELECT coalesce(max(seq), 0)::bigint FROM submission", logger: logger)
            .decode(Int64.self)
        {
            seq = s
        }
        return seq
    }
}
