import Foundation
import Hummingbird
import Storage

/// Bearer-token authentication: the secret's SHA-256 is looked up in the repository (or found in
/// `cache`, where tokens found in the last second are kept).
struct Authenticator: Sendable {
    let repository: any Repository
    let cache: TokenCache

    /// The token of the request, or a 401 response.
    func authenticate(_ request: Request) async -> Result<TokenRecord, ResponseError> {
        guard let header = request.headers[.authorization] else {
            return .failure(ResponseError(Self.unauthorized("missing bearer token")))
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            return .failure(ResponseError(Self.unauthorized("expected 'Authorization: Bearer TOKEN'")))
        }
        let secret = parts[1].trimmingCharacters(in: .whitespaces)
        let key = SHA256.hex(secret)
        if let token = cache.token(key) { return .success(token) }
        do {
            guard let token = try await repository.token(secretSHA256: key) else {
                return .failure(ResponseError(Self.unauthorized("unknown or revoked token")))
            }
            cache.remember(token, as: key)
            return .success(token)
        } catch {
            return .failure(ResponseError(HTTPMapping.error(.serviceUnavailable, "token store unavailable")))
        }
    }

    static func unauthorized(_ message: String) -> Response {
        var h = HTTPFields()
        h[.wwwAuthenticate] = "Bearer realm=\"chanjiao\""
        return HTTPMapping.error(.unauthorized, message, headers: h)
    }
}

/// A ready response carried as an error, so handlers can return early.
struct ResponseError: Error, Sendable {
    let response: Response
    init(_ response: Response) { self.response = response }
}
