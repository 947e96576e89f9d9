import Catalog
import Foundation
public import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Planner
import Reports
public import Storage
import Synchronization

/// Builds the server: loads the catalogs, starts the background planner and returns the app, so
/// tests drive it with `app.test(.router)` and `chanjiao serve` runs it with `runService()`.
public func buildApplication(
    configuration: ServerConfiguration, repository: any Repository,
    onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "chanjiao")
    logger.logLevel = .notice
    let base = try CatalogBase.load(directory: configuration.catalogDirectory, policyFile: configuration.policyFile)
    let planner = PlanService(
        base: base, repository: repository, threads: configuration.planThreads, delay: configuration.replanDelay,
        spacing: configuration.replanSpacing, maxTotal: configuration.maxPlannedTotal,
        pollInterval: configuration.peerPollInterval, logger: logger)
    await planner.start()
    let open = OpenConnections()
    let api = API(
        base: base, repository: repository, planner: planner, maxBodyBytes: configuration.maxBodyBytes, logger: logger,
        connections: open, quota: configuration.quota)
    let router = Router(options: .autoGenerateHeadEndpoints)
    api.register(on: router)
    let limits = configuration.connections
    let connectionLogger = logger
    return Application(
        router: router,
        server: HTTPServerBuilder { responder in
            GuardedHTTP1Channel(inner: HTTP1Channel(responder: responder), limits: limits, open: open, logger: connectionLogger)
        },
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port), serverName: "chanjiao"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}

/// Builds the app and runs it until SIGTERM or SIGINT (`chanjiao serve`); `onServerRunning` gets
/// the bound port (useful with port 0).
public func runServer(
    configuration: ServerConfiguration, repository: any Repository,
    onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) async throws {
    let app = try await buildApplication(
        configuration: configuration, repository: repository, onServerRunning: onServerRunning)
    try await app.runService()
}

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

    // MARK: Health

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

    // MARK: Submissions

    /// 415 unless XML or .xlsx; 413 over the limit; 422 unless a valid document of `kind`; the body
    /// (an .xlsx body as its XML, `WorkbookBody`, whose diagnostics `located` moves to cells) and
    /// what the one check found otherwise.
    func readBody(_ request: Request, kind: DocumentKind) async throws(ResponseError) -> SubmittedBody {
        guard let type = HTTPMapping.mediaType(request.headers[.contentType]),
            HTTPMapping.xmlTypes.contains(type) || type == WorkbookBody.mediaType
        else {
            throw ResponseError(
                HTTPMapping.error(
                    .unsupportedMediaType,
                    "send the XML with Content-Type: application/xml or text/xml, or a filled workbook with Content-Type: \(WorkbookBody.mediaType)"
                ))
        }
        let tooLarge = ResponseError(
            HTTPMapping.error(.contentTooLarge, "the body is larger than the limit of \(maxBodyBytes) bytes"))
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBodyBytes { throw tooLarge }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        } catch {
            throw ResponseError(HTTPMapping.error(.badRequest, "could not read the body: \(error)"))
        }
        if type == WorkbookBody.mediaType {
            return try WorkbookBody.check(buffer, kind: kind, base: base, maxBytes: maxBodyBytes)
        }
        return SubmittedBody(kind: kind, body: buffer, checked: try validate(buffer, kind: kind), workbook: nil)
    }

    func validate(_ body: ByteBuffer, kind: DocumentKind) throws(ResponseError) -> CheckedSubmission {
        let result = body.withUnsafeReadableBytes { raw in
            SubmissionCheck.check(raw, kind: kind, base: base, maxBytes: maxBodyBytes)
        }
        switch result {
        case .success(let c): return c
        case .failure(let list): throw ResponseError(HTTPMapping.diagnostics(list.diagnostics))
        }
    }

    func postDemand(_ request: Request) async throws -> Response {
        let token = try await auth.authenticate(request).get()
        guard token.role == .industry || token.role == .admin else {
            throw ResponseError(HTTPMapping.error(.forbidden, "a \(token.role.rawValue) token cannot submit demand"))
        }
        let submitted = try await readBody(request, kind: .demand)
        let checked = submitted.checked
        let submitter = checked.submitter ?? ""
        if token.role == .industry, token.scope != submitter {
            throw ResponseError(
                HTTPMapping.error(
                    .forbidden, "token '\(token.name)' submits for '\(token.scope ?? "")', not for submitter '\(submitter)'"))
        }
        let record = SubmissionRecord(
            kind: .demand, key: checked.demandID ?? "", owner: submitter, tokenName: token.name,
            body: Data(buffer: submitted.body))
        return try await store(record, token: token)
    }

    /// The token of a request acting on `college`'s programs: an admin's, or that college's own;
    /// any other is a 403 saying why (`action`, "submit" or "withdraw", names what was refused).
    func authorizeCollege(_ request: Request, _ college: String, to action: String) async throws -> TokenRecord {
        let token = try await auth.authenticate(request).get()
        switch token.role {
        case .admin: return token
        case .college where token.scope == college: return token
        case .college:
            throw ResponseError(
                HTTPMapping.error(
                    .forbidden,
                    "token '\(token.name)' cannot \(action) programs for college '\(college)': it acts for '\(token.scope ?? "")'"))
        case .industry:
            throw ResponseError(HTTPMapping.error(.forbidden, "an industry token cannot \(action) programs"))
        }
    }

    func postPrograms(_ request: Request, college: String) async throws -> Response {
        let token = try await authorizeCollege(request, college, to: "submit")
        var key = UUID().uuidString.lowercased()
        if let given = request.headers[.idempotencyKey] {
            guard (1...200).contains(given.utf8.count), given.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
                throw ResponseError(HTTPMapping.error(.badRequest, "Idempotency-Key must be 1–200 visible ASCII characters"))
            }
            key = given
        }
        let submitted = try await readBody(request, kind: .colleges)
        if let mismatch = SubmissionCheck.collegeMismatch(submitted.checked, path: college) {
            throw ResponseError(HTTPMapping.diagnostics(submitted.located(mismatch)))
        }
        let record = SubmissionRecord(
            kind: .programs, key: key, owner: college, tokenName: token.name, body: Data(buffer: submitted.body))
        return try await store(record, token: token)
    }

    /// Commits the record (durable before the reply), then asks for a new plan. Keys are scoped to
    /// the owner (the demand's submitter, the programs' college), so another owner's key neither
    /// blocks nor replaces this one. A re-send of the same body gets the stored receipt; a demand
    /// sent again with its id and another body is its next revision (it replaces the earlier one in
    /// the plan); a programs `Idempotency-Key` reused for another body is a 409. Non-admin tokens are
    /// held to `quota` (429 with `Retry-After`).
    func store(_ record: SubmissionRecord, token: TokenRecord) async throws -> Response {
        let outcome: SubmissionOutcome
        do {
            outcome = try await repository.submit(record, quota: token.role == .admin ? nil : quota)
            writes.succeeded()
        } catch let e as QuotaExceeded {
            var h = HTTPFields()
            h[.retryAfter] = String(e.retryAfterSeconds)
            return HTTPMapping.json(
                .tooManyRequests, QuotaRefusal(error: "token '\(token.name)': \(e.description)", quota: e.quota, limit: e.limit),
                headers: h)
        } catch {
            writes.failed()
            logger.error("could not store a \(record.kind.rawValue) submission from token '\(token.name)': \(error)")
            return HTTPMapping.error(.serviceUnavailable, "write-failed: the submission could not be stored; retry later")
        }
        switch outcome {
        case .created(let r):
            await planner.requestRecompute(through: r.seq ?? 0)
            return HTTPMapping.json(.created, Self.receipt(r), headers: [.location: "/v1/submissions/\(r.seq ?? 0)"])
        case .existing(let latest):
            guard latest.bodySHA256 == record.bodySHA256 else {
                return HTTPMapping.error(
                    .conflict, "Idempotency-Key '\(record.key)' was already used by '\(record.owner)' for a different body")
            }
            var h = HTTPFields()
            h[.idempotentReplayed] = "true"
            h[.location] = "/v1/submissions/\(latest.seq ?? 0)"
            return HTTPMapping.json(.created, Self.receipt(latest), headers: h)
        }
    }

    /// `DELETE /v1/demand/{id}`: the owner (an industry token's body; an admin names it with
    /// `?submitter=`) withdraws its demand; stored as the next revision, and the plan drops it.
    func withdrawDemand(_ request: Request, id: String) async throws -> Response {
        let token = try await auth.authenticate(request).get()
        let owner: String
        switch token.role {
        case .industry: owner = token.scope ?? ""
        case .admin:
            guard let s = request.uri.queryParameters.get("submitter"), !s.isEmpty else {
                throw ResponseError(HTTPMapping.error(.badRequest, "an admin withdraws demand with ?submitter=NAME"))
            }
            owner = s
        case .college:
            throw ResponseError(HTTPMapping.error(.forbidden, "a college token cannot withdraw demand"))
        }
        return await withdraw(kind: .demand, owner: owner, key: id, token: token, notFound: "'\(owner)' has no demand '\(id)' to withdraw")
    }

    /// `DELETE /v1/colleges/{id}/programs`: the college (its token, or an admin) withdraws its
    /// programs; stored as the next revision of the college's programs, and the plan drops them
    /// until the college uploads again.
    func withdrawPrograms(_ request: Request, college: String) async throws -> Response {
        let token = try await authorizeCollege(request, college, to: "withdraw")
        return await withdraw(
            kind: .programs, owner: college, key: UUID().uuidString.lowercased(), token: token,
            notFound: "college '\(college)' has no programs to withdraw")
    }

    /// Stores a withdrawal (200 with its receipt, then a new plan), or 404 with `notFound`.
    func withdraw(kind: SubmissionKind, owner: String, key: String, token: TokenRecord, notFound: String) async -> Response {
        let outcome: WithdrawOutcome
        do {
            outcome = try await repository.withdraw(kind: kind, owner: owner, key: key, tokenName: token.name, at: Date())
            writes.succeeded()
        } catch {
            writes.failed()
            logger.error("could not store a withdrawal from token '\(token.name)': \(error)")
            return HTTPMapping.error(.serviceUnavailable, "write-failed: the withdrawal could not be stored; retry later")
        }
        switch outcome {
        case .withdrawn(let r):
            await planner.requestRecompute(through: r.seq ?? 0)
            return HTTPMapping.json(.ok, Self.receipt(r), headers: [.location: "/v1/submissions/\(r.seq ?? 0)"])
        case .notFound:
            return HTTPMapping.error(.notFound, notFound)
        }
    }

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

    // MARK: Plan and pages

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

/// Pages of the current plan, rendered once per plan revision: a request for a page being
/// rendered waits for that rendering instead of starting another. Only pages that exist are kept
/// (at most one per college and cluster of the plan), and all are dropped when the revision changes.
actor PageCache {
    private var revision: Int64 = -1
    private var pages: [String: Task<ByteBuffer?, Never>] = [:]

    /// The page `key` of the plan of `revision`, and whether it was rendered before (or is being
    /// rendered by another request).
    func page(_ key: String, revision: Int64, render: @escaping @Sendable () -> [UInt8]?) async -> (ByteBuffer?, hit: Bool) {
        if revision != self.revision {
            pages.removeAll()
            self.revision = revision
        }
        if let task = pages[key] { return (await task.value, true) }
        let task = Task.detached { render().map { ByteBuffer(bytes: $0) } }
        pages[key] = task
        let body = await task.value
        if body == nil, self.revision == revision { pages[key] = nil }
        return (body, false)
    }
}

/// The 429 body.
struct QuotaRefusal: Encodable {
    var error: String
    /// `submissions-per-hour` or `stored-bytes`.
    var quota: String
    var limit: Int64
}

/// Whether the last write to the store failed; `/healthz` says `write-failed` until a write succeeds.
final class WriteHealth: Sendable {
    private let failedLast = Atomic<Bool>(false)
    var failing: Bool { failedLast.load(ordering: .relaxed) }
    func failed() { failedLast.store(true, ordering: .relaxed) }
    func succeeded() { if failing { failedLast.store(false, ordering: .relaxed) } }
}

extension HTTPFields.Element.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
    static let idempotentReplayed = Self("Idempotent-Replayed")!
    static let planRevision = Self("Chanjiao-Plan-Revision")!
    static let pageCache = Self("Chanjiao-Page-Cache")!
}
