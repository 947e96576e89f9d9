import Foundation
import Logging
import NIOCore
import PostgresNIO

/// The latest plan.
extension PostgresRepository {
    /// Keeps the highest revision only (a lower one is ignored, the same one not rewritten), so
    /// processes saving plans at once cannot make it go back.
    public func savePlan(_ plan: PlanRecord) async throws {
        let logger = self.logger
        try await client.withTransaction(logger: logger) { c in
            try await c.query(
                """
                INSERT INTO plan (revision, json, created_at)
                SELECT \(plan.revision), \(plan.json), \(plan.createdAt)
                WHERE NOT EXISTS (SELECT 1 FROM plan WHERE revision > \(plan.revision))
                ON CONFLICT (revision) DO NOTHING
                """, logger: logger)
            try await c.query("DELETE FROM plan WHERE revision < (SELECT max(revision) FROM plan)", logger: logger)
        }
    }

    public func latestPlan() async throws -> PlanRecord? {
        var plan: PlanRecord?
        for try await (revision, json, created) in try await client.query(
            "SELECT revision, json, created_at FROM plan ORDER BY revision DESC LIMIT 1", logger: logger
        ).decode((Int64, Data, Date).self) {
            plan = PlanRecord(revision: revision, json: json, createdAt: created)
        }
        return plan
    }
}
