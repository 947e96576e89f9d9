import Catalog
import Foundation
public import Hummingbird
import Logging
import NIOCore
import Reports
public import Storage

/// Builds the server: loads the catalogs, starts the background planner and returns the app, so
/// tests drive it with `app.test(.router)` and `chanjiao serve` runs it with `runService()`.
public func buildApplication(
    configuration: ServerConfiguration, repository: any Repository,
    onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    let base = try CatalogBase.load(directory: configuration.catalogDirectory, policyFile: configuration.policyFile)
    let planner = PlanService(
        base: base, repository: repository, threads: configuration.planThreads, delay: configuration.replanDelay,
        spacing: configuration.replanSpacing)
    await planner.start()
    let api = API(base: base, repository: repository, planner: planner, maxBodyBytes: configuration.maxBodyBytes)
    let router = Router()
    api.register(on: router)
    var logger = Logger(label: "chanjiao")
    logger.logLevel = .notice
    return Application(
        router: router,
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
    let tokens = TokenCache()
    var auth: Authenticator { Authenticator(repository: repository, cache: tokens) }

    func register(on router: Router<BasicRequestContext>) {
        router.get("/healthz") { _, _ in await self.health() }
        router.post("/v1/demand") { request, _ in await self.run { try await self.postDemand(request) } }
        router.post("/v1/colleges/:id/programs") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await self.run { try await self.postPrograms(request, college: id) }
        }
        router.get("/v1/plan") { _, _ in await self.plan() }
        router.get("/v1/submissions") { request, _ in await self.run { try await self.listSubmissions(request) } }
        router.get("/colleges/:id") { _, context in await self.collegePage(context.parameters.get("id") ?? "") }
        router.get("/clusters/:id") { _, context in await self.clusterPage(context.parameters.get("id") ?? "") }
    }

    /// Runs a handler that may return early with a ready response.
    func run(_ body: () async throws -> Response) async -> Response {
        do { return try await body() } catch let e as ResponseError { return e.response } catch {
            return HTTPMapping.error(.internalServerError, "\(error)")
        }
    }

    // MARK: Health

    func health() async -> Response {
        struct Health: Encodable {
            var status: String
            var submissions: Int64
            var planRevision: Int64?
            var planError: String?
        }
        do {
            let seq = try await repository.latestSeq()
            let snap = await planner.snapshot
            let err = await planner.lastError
            return HTTPMapping.json(.ok, Health(status: "ok", submissions: seq, planRevision: snap?.revision, planError: err))
        } catch {
            return HTTPMapping.error(.serviceUnavailable, "database: \(error)")
        }
    }

    // MARK: Submissions

    /// 415 unless XML; 413 over the limit; the body otherwise.
    func readXMLBody(_ request: Request) async throws(ResponseError) -> ByteBuffer {
        guard let type = HTTPMapping.mediaType(request.headers[.contentType]), HTTPMapping.xmlTypes.contains(type) else {
            throw ResponseError(
                HTTPMapping.error(.unsupportedMediaType, "send the XML with Content-Type: application/xml or text/xml"))
        }
        let tooLarge = ResponseError(
            HTTPMapping.error(.contentTooLarge, "the body is larger than the limit of \(maxBodyBytes) bytes"))
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBodyBytes { throw tooLarge }
        do {
            return try await request.body.collect(upTo: maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        } catch {
            throw ResponseError(HTTPMapping.error(.badRequest, "could not read the body: \(error)"))
        }
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
        let body = try await readXMLBody(request)
        let checked = try validate(body, kind: .demand)
        let submitter = checked.submitter ?? ""
        if token.role == .industry, token.scope != submitter {
            throw ResponseError(
                HTTPMapping.error(
                    .forbidden, "token '\(token.name)' submits for '\(token.scope ?? "")', not for submitter '\(submitter)'"))
        }
        let record = SubmissionRecord(
            kind: .demand, key: checked.demandID ?? "", owner: submitter, tokenName: token.name, body: Data(buffer: body))
        return try await store(record)
    }

    func postPrograms(_ request: Request, college: String) async throws -> Response {
        let token = try await auth.authenticate(request).get()
        switch token.role {
        case .admin: break
        case .college where token.scope == college: break
        case .college:
            throw ResponseError(
                HTTPMapping.error(.forbidden, "token '\(token.name)' submits for college '\(token.scope ?? "")', not '\(college)'"))
        case .industry:
            throw ResponseError(HTTPMapping.error(.forbidden, "an industry token cannot submit programs"))
        }
        var key = UUID().uuidString.lowercased()
        if let given = request.headers[.idempotencyKey] {
            guard (1...200).contains(given.utf8.count), given.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
                throw ResponseError(HTTPMapping.error(.badRequest, "Idempotency-Key must be 1–200 visible ASCII characters"))
            }
            key = given
        }
        let body = try await readXMLBody(request)
        let checked = try validate(body, kind: .colleges)
        if let mismatch = SubmissionCheck.collegeMismatch(checked, path: college) {
            throw ResponseError(HTTPMapping.diagnostics(mismatch.diagnostics))
        }
        let record = SubmissionRecord(
            kind: .programs, key: key, owner: college, tokenName: token.name, body: Data(buffer: body))
        return try await store(record)
    }

    /// Commits the record (durable before the reply), then asks for a new plan. A re-send with the
    /// same id gets the first receipt; the same id with another body or owner is a 409.
    func store(_ record: SubmissionRecord) async throws -> Response {
        let outcome: SubmissionOutcome
        do {
            outcome = try await repository.submit(record)
        } catch {
            return HTTPMapping.error(.serviceUnavailable, "could not store the submission: \(error)")
        }
        switch outcome {
        case .created(let r):
            await planner.requestRecompute()
            return HTTPMapping.json(.created, Self.receipt(r), headers: [.location: "/v1/submissions/\(r.seq ?? 0)"])
        case .existing(let first):
            guard first.owner == record.owner, first.bodySHA256 == record.bodySHA256 else {
                return HTTPMapping.error(
                    .conflict, "submission id '\(record.key)' was already used for a different \(record.kind.rawValue) body")
            }
            var h = HTTPFields()
            h[.idempotentReplayed] = "true"
            h[.location] = "/v1/submissions/\(first.seq ?? 0)"
            return HTTPMapping.json(.created, Self.receipt(first), headers: h)
        }
    }

    static func timestamp(_ d: Date) -> String {
        d.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }

    static func receipt(_ r: SubmissionRecord) -> SubmissionReceipt {
        SubmissionReceipt(
            seq: r.seq ?? 0, kind: r.kind.rawValue, id: r.key, owner: r.owner, sha256: r.bodySHA256,
            receivedAt: timestamp(r.receivedAt))
    }

    func listSubmissions(_ request: Request) async throws -> Response {
        let token = try await auth.authenticate(request).get()
        guard token.role == .admin else {
            throw ResponseError(HTTPMapping.error(.forbidden, "the submission listing needs an admin token"))
        }
        let after = request.uri.queryParameters.get("after", as: Int64.self) ?? 0
        let limit = min(max(request.uri.queryParameters.get("limit", as: Int.self) ?? 1000, 1), 10000)
        let rows = try await repository.submissions(after: after, limit: limit)
        return HTTPMapping.json(
            .ok,
            rows.map {
                SubmissionListing(
                    seq: $0.seq ?? 0, kind: $0.kind.rawValue, id: $0.key, owner: $0.owner, token: $0.tokenName,
                    sha256: $0.bodySHA256, bytes: $0.body.count, receivedAt: Self.timestamp($0.receivedAt))
            })
    }

    // MARK: Plan and pages

    static let notReady: Response = {
        var h = HTTPFields()
        h[.retryAfter] = "1"
        return HTTPMapping.error(.serviceUnavailable, "the first plan is being computed", headers: h)
    }()

    func plan() async -> Response {
        guard let snap = await planner.snapshot else { return Self.notReady }
        var h = HTTPFields()
        h[.planRevision] = String(snap.revision)
        h[.eTag] = "\"\(snap.revision)\""
        return HTTPMapping.buffer(.ok, snap.json, contentType: "application/json; charset=utf-8", headers: h)
    }

    func collegePage(_ id: String) async -> Response {
        guard let plan = await planner.snapshot?.plan else { return Self.notReady }
        do {
            return HTTPMapping.html(.ok, try PlanReport.review(plan: plan, college: id).html())
        } catch {
            return HTTPMapping.html(.notFound, Array(Pages.notFound("college", id).utf8))
        }
    }

    func clusterPage(_ id: String) async -> Response {
        guard let plan = await planner.snapshot?.plan else { return Self.notReady }
        guard let page = Pages.cluster(id, plan: plan) else {
            return HTTPMapping.html(.notFound, Array(Pages.notFound("cluster", id).utf8))
        }
        return HTTPMapping.html(.ok, Array(page.utf8))
    }
}

extension HTTPFields.Element.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
    static let idempotentReplayed = Self("Idempotent-Replayed")!
    static let planRevision = Self("Chanjiao-Plan-Revision")!
}
