import Foundation
import Logging
import NIOCore
import PostgresNIO

/// The tables and their migration steps.
extension PostgresRepository {
    /// The schema, one step per change; never edit a shipped step. Steps run under an advisory
    /// lock, so processes starting together migrate once.
    static let migrations: [[String]] = [
        [
            """
            CREATE TABLE submission (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                kind text NOT NULL CHECK (kind IN ('demand', 'programs')),
                key text NOT NULL CHECK (length(key) > 0),
                owner text NOT NULL,
                token_name text NOT NULL,
                body_sha256 text NOT NULL CHECK (length(body_sha256) = 64),
                body bytea NOT NULL,
                received_at_millis bigint NOT NULL,
                revision bigint NOT NULL DEFAULT 1 CHECK (revision >= 1),
                withdrawn boolean NOT NULL DEFAULT false,
                UNIQUE (kind, owner, key, revision))
            """,
            "CREATE INDEX submission_kind_owner ON submission (kind, owner, seq)",
            "CREATE INDEX submission_token_time ON submission (token_name, received_at_millis)",
            "CREATE TABLE token_usage (token_name text PRIMARY KEY, bytes bigint NOT NULL)",
            """
            CREATE TABLE token (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                name text NOT NULL UNIQUE CHECK (length(name) > 0),
                role text NOT NULL CHECK (role IN ('industry', 'college', 'admin')),
                scope text,
                secret_sha256 text NOT NULL UNIQUE CHECK (length(secret_sha256) = 64),
                created_at timestamptz NOT NULL,
                revoked boolean NOT NULL DEFAULT false,
                CHECK ((role = 'admin') = (scope IS NULL)))
            """,
            "CREATE TABLE plan (revision bigint PRIMARY KEY, json bytea NOT NULL, created_at timestamptz NOT NULL)",
        ]
    ]

    func migrate(creatingSchema schema: String?) async throws {
        let logger = self.logger
        try await client.withConnection { connection in
            // One lock per schema (pg_advisory_lock is per database): processes opening the same
            // schema migrate one at a time, and other schemas do not wait for them.
            let lock = "chanjiao migration \(schema ?? "public")"
            try await connection.query("SELECT pg_advisory_lock(hashtext(\(lock)))", logger: logger)
            do {
                if let schema { try await connection.query("CREATE SCHEMA IF NOT EXISTS \(unescaped: schema)", logger: logger) }
                try await connection.query(
                    "CREATE TABLE IF NOT EXISTS chanjiao_migration (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                    logger: logger)
                var done = 0
                for try await v in try await connection.query("SELECT coalesce(max(version), 0) FROM chanjiao_migration", logger: logger)
                    .decode(Int32.self)
                {
                    done = Int(v)
                }
                for (i, step) in Self.migrations.enumerated() where i + 1 > done {
                    try await connection.withTransaction(logger: logger) { tx in
                        for statement in step { try await tx.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
                        try await tx.query("INSERT INTO chanjiao_migration (version) VALUES (\(Int32(i + 1)))", logger: logger)
                    }
                }
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(hashtext(\(lock)))", logger: logger)
                throw error
            }
            try await connection.query("SELECT pg_advisory_unlock(hashtext(\(lock)))", logger: logger)
        }
    }
}
