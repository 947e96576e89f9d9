import Catalog
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Planner
import Reports
import Storage

/// `POST /v1/demand` and `POST /v1/colleges/{id}/programs`: reading, checking, authorising and storing a submission.
extension API {
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
}
