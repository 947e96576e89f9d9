import Catalog
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Planner
import Reports
import Storage

/// `GET /healthz`.
extension API {
    /// The body of `/healthz`: `status` is `ok`, or a short code when something is failing (503).
    struct Health: Encodable {
        /// `ok`, `database-unavailable`, `write-failed` or `planning-failed`.
        var status: String
        /// The highest submission `seq` (absent when the database cannot be read).
        var submissions: Int64?
        /// The revision of the plan being served.
        var planRevision: Int64?
        /// Why the last recompute failed (`plan-inputs-too-large`, `planning-failed`); absent when it succeeded.
        var planError: String?
        /// The submission revision that recompute was for.
        var planFailedRevision: Int64?
        /// Open connections now.
        var connections: Int?
        /// Connections refused for being over the cap since the start.
        var refusedConnections: Int?
    }

    /// 200 when the database answers and the last recompute succeeded; 503 with a short code
    /// otherwise (the underlying error goes to the log, never to the client).
    func health() async -> Response {
        let snap = await planner.snapshot
        let failure = await planner.failure
        let seq: Int64
        do {
            seq = try await repository.latestSeq()
        } catch {
            logger.error("healthz: the database cannot be read: \(error)")
            return HTTPMapping.json(
                .serviceUnavailable,
                Health(
                    status: "database-unavailable", planRevision: snap?.revision, planError: failure?.code,
                    planFailedRevision: failure?.revision))
        }
        var h = Health(
            status: "ok", submissions: seq, planRevision: snap?.revision, connections: connections.current,
            refusedConnections: connections.refused)
        if writes.failing {
            h.status = "write-failed"
            h.planError = failure?.code
            h.planFailedRevision = failure?.revision
            return HTTPMapping.json(.serviceUnavailable, h)
        }
        if let failure {
            h.status = "planning-failed"
            h.planError = failure.code
            h.planFailedRevision = failure.revision
            return HTTPMapping.json(.serviceUnavailable, h)
        }
        return HTTPMapping.json(.ok, h)
    }
}
