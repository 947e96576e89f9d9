import Foundation
import Logging
import NIOCore
import PostgresNIO

/// The PostgreSQL repository (postgres-nio), for more than one server process on one database
/// (`chanjiao serve --db postgres://…`). A write returns after its transaction is committed (the
/// server's `synchronous_commit`, on by default, makes that durable).
///
/// Receipts' `seq` come from the table's identity sequence, and every write takes the table's
/// write lock (`LOCK TABLE submission IN SHARE ROW EXCLUSIVE MODE`, which readers never wait for)
/// before drawing one: writers, in this process or another, commit one at a time in `seq` order,
/// so a reader that sees `seq` n sees every row below n too, and the "latest revision" checks
/// cannot race. Each process batches its own submissions into one transaction (`GroupCommit`),
/// each submission in its own savepoint.
public final class PostgresRepository: Repository {
    let client: PostgresClient
    let runner: Task<Void, Never>
    let committer: GroupCommit
    let logger: Logger
    /// The schema the tables live in (`public` unless one was given).
    public let schema: String

    /// Connects to `url` (`postgres://user:password@host:port/database`, `?sslmode=disable|prefer|require`,
    /// default `disable`; `?host=/run/postgresql` for a Unix socket folder) and migrates the schema.
    /// `schema` (or the URL's `?schema=NAME`; created if missing) keeps the tables apart from others'
    /// in one database; the tests use it.
    /// Gives up after `connectWait` without a connection.
    public static func open(
        url: String, schema: String? = nil, maxConnections: Int = 16, connectWait: Duration = .seconds(60)
    ) async throws -> PostgresRepository {
        var configuration = try configuration(url: url)
        configuration.options.maximumConnections = maxConnections
        let schema = schema ?? URLComponents(string: url)?.queryItems?.first(where: { $0.name == "schema" })?.value
        if let schema {
            guard Self.isPlainName(schema) else {
                throw StorageError(operation: "open \(Self.redacted(url))", message: "schema '\(schema)' is not a plain name")
            }
            configuration.options.additionalStartupParameters = [("search_path", schema)]
        }
        let repository = PostgresRepository(configuration: configuration, schema: schema ?? "public")
        do {
            // The pool retries a refused connection quietly: a wrong URL fails here, not never.
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await repository.migrate(creatingSchema: schema) }
                group.addTask {
                    try await Task.sleep(for: connectWait)
                    throw StorageError(operation: "connect", message: "no connection within \(connectWait)")
                }
                try await group.next()
                group.cancelAll()
            }
        } catch {
            repository.close()
            throw StorageError(operation: "open \(Self.redacted(url))", message: "\(String(reflecting: error))")
        }
        return repository
    }

    private init(configuration: PostgresClient.Configuration, schema: String) {
        var logger = Logger(label: "chanjiao.postgres")
        logger.logLevel = .error
        self.logger = logger
        self.schema = schema
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        runner = Task { await client.run() }
        let writeLogger = logger
        // At most 64 submissions a batch: each has its own savepoint (a subtransaction), and
        // PostgreSQL caches 64 subtransaction ids per transaction; past that other sessions'
        // snapshots get slower.
        committer = GroupCommit(maxBatch: 64) { batch, now in
            try await client.withTransaction(logger: writeLogger) { connection in
                try await Self.lockSubmissions(connection, writeLogger)
                var out: [Result<SubmissionOutcome, any Error>] = []
                out.reserveCapacity(batch.count)
                for (record, quota) in batch {
                    // Each submission in its own savepoint: one that fails (over its quota, or
                    // refused by a constraint) is rolled back alone, and the others in the batch go on.
                    try await connection.query("SAVEPOINT submission", logger: writeLogger)
                    do {
                        let outcome = try await Self.submit(record, quota: quota, now: now, connection, writeLogger)
                        try await connection.query("RELEASE SAVEPOINT submission", logger: writeLogger)
                        out.append(.success(outcome))
                    } catch {
                        try await connection.query("ROLLBACK TO SAVEPOINT submission", logger: writeLogger)
                        try await connection.query("RELEASE SAVEPOINT submission", logger: writeLogger)
                        out.append(.failure(error))
                    }
                }
                return out
            }
        }
    }

    /// Drops `schema` and everything in it (the tests' clean-up); connects without migrating.
    public static func dropSchema(_ schema: String, url: String) async throws {
        guard isPlainName(schema), schema != "public" else {
            throw StorageError(operation: "drop schema", message: "'\(schema)' is not a test schema's plain name")
        }
        var logger = Logger(label: "chanjiao.postgres")
        logger.logLevel = .error
        let client = PostgresClient(configuration: try configuration(url: url), backgroundLogger: logger)
        let runner = Task { await client.run() }
        defer { runner.cancel() }
        try await client.query("DROP SCHEMA IF EXISTS \(unescaped: schema) CASCADE", logger: logger)
    }

    /// Closes the connections (the repository cannot be used after).
    public func close() {
        runner.cancel()
    }

    deinit { runner.cancel() }
}
