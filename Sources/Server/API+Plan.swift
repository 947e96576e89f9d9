import Catalog
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Planner
import Reports
import Storage

/// `GET /v1/plan` and the plan's pages (`/colleges/{id}`, `/clusters/{id}`), with their ETags.
extension API {
    static let notReady: Response = {
        var h = HTTPFields()
        h[.retryAfter] = "1"
        return HTTPMapping.error(.serviceUnavailable, "the first plan is being computed", headers: h)
    }()

    /// The ETag of everything rendered from the plan of `revision`.
    static func eTag(_ revision: Int64) -> String { "\"\(revision)\"" }

    /// 304 when the request's `If-None-Match` names `etag` (or `*`); weak tags compare by value.
    static func notModified(_ request: Request, etag: String, headers: HTTPFields) -> Response? {
        guard let header = request.headers[.ifNoneMatch] else { return nil }
        for tag in header.split(separator: ",") {
            var t = tag.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("W/") { t.removeFirst(2) }
            if t == "*" || t == etag { return Response(status: .notModified, headers: headers) }
        }
        return nil
    }

    func plan(_ request: Request) async -> Response {
        guard let snap = await planner.snapshot else { return Self.notReady }
        var h = HTTPFields()
        h[.planRevision] = String(snap.revision)
        h[.eTag] = Self.eTag(snap.revision)
        if let r = Self.notModified(request, etag: Self.eTag(snap.revision), headers: h) { return r }
        return HTTPMapping.buffer(.ok, snap.json, contentType: "application/json; charset=utf-8", headers: h)
    }

    /// A page of the current plan: rendered once per plan revision (`PageCache`), 304 on a
    /// matching `If-None-Match`, 404 (not cached) when `render` finds nothing.
    func page(_ request: Request, key: String, render: @escaping @Sendable (Plan) -> [UInt8]?, notFound: @autoclosure () -> String)
        async -> Response
    {
        guard let snap = await planner.snapshot, let plan = snap.plan else { return Self.notReady }
        var h = HTTPFields()
        h[.planRevision] = String(snap.revision)
        h[.eTag] = Self.eTag(snap.revision)
        let (body, hit) = await pages.page(key, revision: snap.revision, render: { render(plan) })
        guard let body else { return HTTPMapping.html(.notFound, Array(notFound().utf8)) }
        h[.pageCache] = hit ? "hit" : "miss"
        if let r = Self.notModified(request, etag: Self.eTag(snap.revision), headers: h) { return r }
        return HTTPMapping.buffer(.ok, body, contentType: "text/html; charset=utf-8", headers: h)
    }

    func collegePage(_ request: Request, _ id: String) async -> Response {
        await page(
            request, key: "college\u{0}" + id, render: { try? PlanReport.review(plan: $0, college: id).html() },
            notFound: Pages.notFound("college", id))
    }

    func clusterPage(_ request: Request, _ id: String) async -> Response {
        await page(
            request, key: "cluster\u{0}" + id, render: { Pages.cluster(id, plan: $0).map { Array($0.utf8) } },
            notFound: Pages.notFound("cluster", id))
    }
}
