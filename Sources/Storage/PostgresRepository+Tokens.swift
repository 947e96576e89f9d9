import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Access tokens.
extension PostgresRepository {
    static let tokenColumns = "id, name, role, scope, secret_sha256, created_at, revoked"

    static func tokens(_ rows: PostgresRowSequence) async throws -> [TokenRecord] {
        var out: [TokenRecord] = []
        for try await (id, name, role, scope, sha, created, revoked) in rows.decode(
            (Int64, String, String, String?, String, Date, Bool).self)
        {
            out.append(
                TokenRecord(
                    id: id, name: name, role: TokenRole(rawValue: role) ?? .industry, scope: scope, secretSHA256: sha,
                    createdAt: created, revoked: revoked))
        }
        return out
    }

    public func insertToken(_ token: TokenRecord) async throws -> TokenRecord {
        var t = token
        for try await id in try await client.query(
            """
            INSERT INTO token (name, role, scope, secret_sha256, created_at, revoked)
            VALUES (\(token.name), \(token.role.rawValue), \(token.scope), \(token.secretSHA256), \(token.createdAt), \(token.revoked))
            RETURNING id
            """, logger: logger
        ).decode(Int64.self) {
            t.id = id
        }
        return t
    }

    public func token(secretSHA256: String) async throws -> TokenRecord? {
        try await Self.tokens(
            client.query(
                "SELECT \(unescaped: Self.tokenColumns) FROM token WHERE secret_sha256 = \(secretSHA256) AND NOT revoked",
                logger: logger)
        ).first
    }

    public func tokens() async throws -> [TokenRecord] {
        try await Self.tokens(client.query("SELECT \(unescaped: Self.tokenColumns) FROM token ORDER BY id", logger: logger))
    }

    public func revokeToken(name: String) async throws -> Bool {
        var revoked = false
        for try await _ in try await client.query(
            "UPDATE token SET revoked = true WHERE name = \(name) AND NOT revoked RETURNING id", logger: logger
        ).decode(Int64.self) {
            revoked = true
        }
        return revoked
    }
}
