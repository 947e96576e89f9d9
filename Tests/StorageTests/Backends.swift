import Foundation
import Storage
import Testing

/// The repositories the shared tests run against.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// `SQLiteRepository` on a temporary file.
    case sqlite
    /// `PostgresRepository` in a fresh schema of the database `CHANJIAO_TEST_POSTGRES_URL` names.
    case postgres

    var testDescription: String { rawValue }
}

/// The URL of the test database: `CHANJIAO_TEST_POSTGRES_URL` (`.ci/run` starts one and sets it).
var testPostgresURL: String? {
    let url = ProcessInfo.processInfo.environment["CHANJIAO_TEST_POSTGRES_URL"] ?? ""
    return url.isEmpty ? nil : url
}

/// Why the PostgreSQL cases cannot run, and whether that fails the test (it does under `CI=true`).
struct PostgresUnavailable: Error, CustomStringConvertible {
    var description: String {
        "CHANJIAO_TEST_POSTGRES_URL is not set, and CI=true requires the PostgreSQL tests (.ci/run starts a database and sets it)"
    }
}

/// Skips the current PostgreSQL test case with a printed reason when no database is configured
/// (outside CI); under `CI=true` that is an error instead. Returns the URL otherwise.
func requirePostgresURL() throws -> String {
    if let url = testPostgresURL { return url }
    if ProcessInfo.processInfo.environment["CI"] == "true" { throw PostgresUnavailable() }
    let reason =
        "PostgreSQL tests skipped: CHANJIAO_TEST_POSTGRES_URL is not set (e.g. postgres://chanjiao:chanjiao@127.0.0.1:5432/chanjiao_test)"
    FileHandle.standardError.write(Data((reason + "\n").utf8))
    try Test.cancel(Comment(rawValue: reason))
}

/// A fresh schema name for one test.
func freshSchema() -> String { "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "") }

/// Runs `body` on a fresh, empty repository of `backend`; `reopen` opens a second repository on
/// the same data (another connection pool, as another process would). PostgreSQL schemas are
/// dropped after.
func withRepository(
    _ backend: Backend, _ body: (any Repository, _ reopen: @Sendable () async throws -> any Repository) async throws -> Void
) async throws {
    switch backend {
    case .sqlite:
        let path = tempDatabase()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await body(try SQLiteRepository(path: path), { try SQLiteRepository(path: path) })
    case .postgres:
        let url = try requirePostgresURL()
        let schema = freshSchema()
        let opened = Opened()
        let repo = try await PostgresRepository.open(url: url, schema: schema, connectWait: .seconds(300))
        opened.add(repo)
        do {
            try await body(
                repo,
                {
                    let r = try await PostgresRepository.open(url: url, schema: schema, connectWait: .seconds(300))
                    opened.add(r)
                    return r
                })
        } catch {
            await dropSchema(schema, url: url, opened: opened)
            throw error
        }
        await dropSchema(schema, url: url, opened: opened)
    }
}

/// Drops a test's schema and closes its repositories.
func dropSchema(_ schema: String, url: String, opened: Opened) async {
    for r in opened.all { r.close() }
    try? await PostgresRepository.dropSchema(schema, url: url)
}

/// The repositories a test opened.
final class Opened: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [PostgresRepository] = []
    func add(_ r: PostgresRepository) { lock.withLock { list.append(r) } }
    var all: [PostgresRepository] { lock.withLock { list } }
}
