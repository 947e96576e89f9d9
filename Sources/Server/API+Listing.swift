import Catalog
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Planner
import Reports
import Storage

/// `GET /v1/submissions`, `…/{seq}` and `…/{seq}/body`: what a token may read back, and the receipts.
extension API {
    static func timestamp(_ d: Date) -> String {
        d.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }

    static func receipt(_ r: SubmissionRecord) -> SubmissionReceipt {
        SubmissionReceipt(
            seq: r.seq ?? 0, kind: r.kind.rawValue, id: r.key, owner: r.owner, sha256: r.bodySHA256,
            receivedAt: timestamp(r.receivedAt), revision: r.revision, withdrawn: r.withdrawn)
    }

    static func listing(_ r: SubmissionRecord) -> SubmissionListing {
        SubmissionListing(
            seq: r.seq ?? 0, kind: r.kind.rawValue, id: r.key, owner: r.owner, token: r.tokenName, sha256: r.bodySHA256,
            bytes: r.body.count, receivedAt: timestamp(r.receivedAt), revision: r.revision, withdrawn: r.withdrawn)
    }

    /// What a token may read back: an admin everything, an industry token its body's demand, a
    /// college token its college's programs.
    static func reads(_ token: TokenRecord, _ r: SubmissionRecord) -> Bool {
        switch token.role {
        case .admin: true
        case .industry: r.kind == .demand && r.owner == token.scope
        case .college: r.kind == .programs && r.owner == token.scope
        }
    }

    /// `GET /v1/submissions/{seq}` (the audit record) and `…/body` (the XML as stored): the
    /// submitter's own, or any for an admin; 404 for others' (which are not confirmed to exist).
    func oneSubmission(_ request: Request, seq: Int64?, body: Bool) async throws -> Response {
        let token = try await auth.authenticate(request).get()
        let notFound = ResponseError(HTTPMapping.error(.notFound, "no submission \(seq.map(String.init) ?? "?") of yours"))
        guard let seq else { throw notFound }
        guard let r = try await repository.submission(seq: seq), Self.reads(token, r) else { throw notFound }
        if body { return HTTPMapping.bytes(.ok, Array(r.body), contentType: "application/xml; charset=utf-8") }
        return HTTPMapping.json(.ok, Self.listing(r))
    }

    /// `GET /v1/submissions`: every submission for an admin; a submitter's own otherwise.
    func listSubmissions(_ request: Request) async throws -> Response {
        let token = try await auth.authenticate(request).get()
        let after = request.uri.queryParameters.get("after", as: Int64.self) ?? 0
        let limit = min(max(request.uri.queryParameters.get("limit", as: Int.self) ?? 1000, 1), 10000)
        let owner = token.role == .admin ? nil : (token.scope ?? "")
        let rows = try await repository.submissions(after: after, limit: limit, owner: owner)
        return HTTPMapping.json(.ok, rows.filter { Self.reads(token, $0) }.map(Self.listing))
    }
}
