import Catalog
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Planner
import Reports
import Storage

/// `DELETE /v1/demand/{id}` and `DELETE /v1/colleges/{id}/programs`.
extension API {
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
}
