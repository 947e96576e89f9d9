import Catalog
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Planner
import Reports
import Storage

/// The routes and their HTTP mapping; validation is the Catalog ingest, storage the repository.
struct API: Sendable {
    let base: CatalogBase
    let repository: any Repository
    let planner: PlanService
    let maxBodyBytes: Int
    let logger: Logger
    /// Open connections (reported by `/healthz`).
    let connections: OpenConnections
    /// Each non-admin token's quota.
    let quota: Quota
    /// Whether the last write to the store failed (reported by `/healthz` until one succeeds).
    let writes = WriteHealth()
    /// Pages rendered from the current plan.
    let pages = PageCache()
    let tokens = TokenCache()
    var auth: Authenticator { Authenticator(repository: repository, cache: tokens) }

    /// The routes, and for each path the methods it answers: others get 405 with `Allow`, OPTIONS
    /// gets 204 with `Allow`, and HEAD is answered wherever GET is (the router's HEAD endpoints).
    func register(on router: Router<BasicRequestContext>) {
        router.get("/healthz") { _, _ in await self.health() }
        router.post("/v1/demand") { request, _ in await self.run { try await self.postDemand(request) } }
        router.post("/v1/colleges/:id/programs") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await self.run { try await self.postPrograms(request, college: id) }
        }
        router.delete("/v1/colleges/:id/programs") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await self.run { try await self.withdrawPrograms(request, college: id) }
        }
        router.get("/v1/plan") { request, _ in await self.plan(request) }
        router.delete("/v1/demand/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await self.run { try await self.withdrawDemand(request, id: id) }
        }
        router.get("/v1/submissions") { request, _ in await self.run { try await self.listSubmissions(request) } }
        router.get("/v1/submissions/:seq") { request, context in
            let seq = context.parameters.get("seq", as: Int64.self)
            return await self.run { try await self.oneSubmission(request, seq: seq, body: false) }
        }
        router.get("/v1/submissions/:seq/body") { request, context in
            let seq = context.parameters.get("seq", as: Int64.self)
            return await self.run { try await self.oneSubmission(request, seq: seq, body: true) }
        }
        router.get("/colleges/:id") { request, context in await self.collegePage(request, context.parameters.get("id") ?? "") }
        router.get("/clusters/:id") { request, context in await self.clusterPage(request, context.parameters.get("id") ?? "") }
        for (path, methods) in Self.routes {
            var allowed = methods
            if methods.contains(.get) { allowed.append(.head) }
            allowed.append(.options)
            let allow = allowed.map(\.rawValue).joined(separator: ", ")
            router.on(RouterPath(path), method: .options) { _, _ in
                Response(status: .noContent, headers: [.allow: allow])
            }
            for method in [HTTPRequest.Method.get, .head, .post, .put, .delete, .patch] where !allowed.contains(method) {
                router.on(RouterPath(path), method: method) { _, _ in
                    HTTPMapping.error(
                        .methodNotAllowed, "\(method.rawValue) is not allowed here; allowed: \(allow)", headers: [.allow: allow])
                }
            }
        }
    }

    /// Every path and the methods its routes answer (HEAD and OPTIONS are added to these).
    static let routes: [(String, [HTTPRequest.Method])] = [
        ("/healthz", [.get]),
        ("/v1/demand", [.post]),
        ("/v1/demand/:id", [.delete]),
        ("/v1/colleges/:id/programs", [.post, .delete]),
        ("/v1/plan", [.get]),
        ("/v1/submissions", [.get]),
        ("/v1/submissions/:seq", [.get]),
        ("/v1/submissions/:seq/body", [.get]),
        ("/colleges/:id", [.get]),
        ("/clusters/:id", [.get]),
    ]

    /// Runs a handler that may return early with a ready response.
    /// Any other error comes from reading the store: 503 with a short code, the error in the log only.
    func run(_ body: () async throws -> Response) async -> Response {
        do { return try await body() } catch let e as ResponseError { return e.response } catch {
            logger.error("a read from the store failed: \(error)")
            return HTTPMapping.error(.serviceUnavailable, "database-unavailable: retry later")
        }
    }
}
