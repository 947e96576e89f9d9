public import Foundation
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

    /// Whether `name` is a plain SQL identifier (lower-case letters, digits, `_`, not starting with a digit).
    static func isPlainName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...63).contains(bytes.count), !(0x30...0x39).contains(bytes[0]) else { return false }
        return bytes.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
    }

    /// `url` without its password, for messages.
    static func redacted(_ url: String) -> String {
        guard var c = URLComponents(string: url), c.password != nil else { return url }
        c.password = "***"
        return c.string ?? url
    }

    /// The client configuration for a `postgres://` or `postgresql://` URL.
    static func configuration(url: String) throws(StorageError) -> PostgresClient.Configuration {
        let fail = { (why: String) in StorageError(operation: "open \(Self.redacted(url))", message: why) }
        guard let c = URLComponents(string: url), let scheme = c.scheme, ["postgres", "postgresql"].contains(scheme) else {
            throw fail("not a postgres://user:password@host:port/database URL")
        }
        guard let user = c.user, !user.isEmpty else { throw fail("the URL names no user") }
        let query = Dictionary((c.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        let database = c.path.hasPrefix("/") ? String(c.path.dropFirst()) : c.path
        let password = c.password?.removingPercentEncoding ?? c.password
        let username = user.removingPercentEncoding ?? user
        if let socketFolder = query["host"], socketFolder.hasPrefix("/") {
            let port = c.port ?? 5432
            return PostgresClient.Configuration(
                unixSocketPath: "\(socketFolder)/.s.PGSQL.\(port)", username: username, password: password,
                database: database.isEmpty ? nil : database)
        }
        guard let host = c.host, !host.isEmpty else { throw fail("the URL names no host") }
        let tls: PostgresClient.Configuration.TLS
        switch query["sslmode"] ?? "disable" {
        case "disable": tls = .disable
        case "prefer": tls = .prefer(.makeClientConfiguration())
        case "require", "verify-full": tls = .require(.makeClientConfiguration())
        case let other: throw fail("sslmode '\(other)' is not disable, prefer or require")
        }
        return PostgresClient.Configuration(
            host: host, port: c.port ?? 5432, username: username, password: password,
            database: database.isEmpty ? nil : database, tls: tls)
    }

    // MARK: Schema

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

    // MARK: Submissions

    static let submissionColumns = "seq, kind, key, owner, token_name, body_sha256, body, received_at_millis, revision, withdrawn"

    static func records(_ rows: PostgresRowSequence) async throws -> [SubmissionRecord] {
        var out: [SubmissionRecord] = []
        for try await row in rows {
            let (seq, kind, key, owner, token, sha, body, millis, revision, withdrawn) = try row.decode(
                (Int64, String, String, String, String, String, Data, Int64, Int64, Bool).self)
            out.append(
                SubmissionRecord(
                    stored: seq, kind: SubmissionKind(rawValue: kind) ?? .demand, key: key, owner: owner, tokenName: token,
                    bodySHA256: sha, body: body, receivedAtMillis: millis, revision: revision, withdrawn: withdrawn))
        }
        return out
    }

    /// Takes the submission table's write lock until the transaction ends (see the type's note).
    static func lockSubmissions(_ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.query("LOCK TABLE submission IN SHARE ROW EXCLUSIVE MODE", logger: logger)
    }

    public func submit(_ submission: SubmissionRecord, quota: Quota?) async throws -> SubmissionOutcome {
        try await committer.submit(submission, quota: quota)
    }

    /// One submission inside the batch's transaction (which holds the table lock): the rules of
    /// `Repository.submit`, as `SQLiteRepository` applies them.
    static func submit(
        _ submission: SubmissionRecord, quota: Quota?, now: Date, _ c: PostgresConnection, _ logger: Logger
    ) async throws -> SubmissionOutcome {
        let latest = try await records(
            c.query(
                """
                SELECT \(unescaped: submissionColumns) FROM submission
                WHERE kind = \(submission.kind.rawValue) AND owner = \(submission.owner) AND key = \(submission.key)
                ORDER BY revision DESC LIMIT 1
                """, logger: logger)
        ).first
        if let replayed = SubmissionRules.replayed(submission, latest: latest) { return .existing(replayed) }
        if let quota { try await check(quota, token: submission.tokenName, adding: submission.body.count, now: now, c, logger) }
        // A demand's revisions count per (owner, id); a college's programs per college, whatever the key.
        let previous = submission.kind == .programs ? try await latestPrograms(of: submission.owner, c, logger) : latest
        var row = submission
        row.revision = SubmissionRules.revision(after: previous)
        // The row and the token's stored bytes in one round trip.
        for try await seq in try await c.query(
            """
            WITH inserted AS (
                INSERT INTO submission (kind, key, owner, token_name, body_sha256, body, received_at_millis, revision, withdrawn)
                VALUES (\(row.kind.rawValue), \(row.key), \(row.owner), \(row.tokenName), \(row.bodySHA256), \(row.body),
                        \(row.receivedAtMillis), \(row.revision), \(row.withdrawn))
                RETURNING seq),
            usage AS (
                INSERT INTO token_usage (token_name, bytes) VALUES (\(row.tokenName), \(Int64(row.body.count)))
                ON CONFLICT (token_name) DO UPDATE SET bytes = token_usage.bytes + excluded.bytes)
            SELECT seq FROM inserted
            """, logger: logger
        ).decode(Int64.self) {
            row.seq = seq
        }
        return .created(row)
    }

    static func latestPrograms(of owner: String, _ c: PostgresConnection, _ logger: Logger) async throws -> SubmissionRecord? {
        try await records(
            c.query(
                """
                SELECT \(unescaped: submissionColumns) FROM submission WHERE kind = 'programs' AND owner = \(owner)
                ORDER BY seq DESC LIMIT 1
                """, logger: logger)
        ).first
    }

    /// Throws `QuotaExceeded` when `token` has used up `quota` (before adding `bytes`).
    static func check(
        _ quota: Quota, token: String, adding bytes: Int, now: Date, _ c: PostgresConnection, _ logger: Logger
    ) async throws {
        guard quota.submissionsPerHour != nil || quota.storedBytes != nil else { return }
        let nowMillis = SubmissionRules.millis(now)
        // The hour's count, its oldest submission and the stored bytes in one round trip.
        var count: Int64 = 0
        var oldest: Int64?
        var used: Int64 = 0
        for try await (n, first, stored) in try await c.query(
            """
            SELECT count(*), min(received_at_millis),
                   coalesce((SELECT bytes FROM token_usage WHERE token_name = \(token)), 0)::bigint
            FROM submission WHERE token_name = \(token) AND received_at_millis > \(nowMillis - SubmissionRules.hourMillis)
            """, logger: logger
        ).decode((Int64, Int64?, Int64).self) {
            (count, oldest, used) = (n, first, stored)
        }
        if let perHour = quota.submissionsPerHour {
            try SubmissionRules.checkHourly(perHour: perHour, count: count, oldestMillis: oldest, nowMillis: nowMillis)
        }
        if let maxBytes = quota.storedBytes { try SubmissionRules.checkBytes(maxBytes: maxBytes, used: used, adding: bytes) }
    }

    public func withdraw(kind: SubmissionKind, owner: String, key: String, tokenName: String, at: Date) async throws
        -> WithdrawOutcome
    {
        let logger = self.logger
        return try await client.withTransaction(logger: logger) { c in
            try await Self.lockSubmissions(c, logger)
            let latest: SubmissionRecord?
            if kind == .programs {
                latest = try await Self.latestPrograms(of: owner, c, logger)
            } else {
                latest = try await Self.records(
                    c.query(
                        """
                        SELECT \(unescaped: Self.submissionColumns) FROM submission
                        WHERE kind = \(kind.rawValue) AND owner = \(owner) AND key = \(key) ORDER BY revision DESC LIMIT 1
                        """, logger: logger)
                ).first
            }
            guard var row = SubmissionRules.withdrawal(of: latest, kind: kind, owner: owner, key: key, tokenName: tokenName, at: at)
            else { return WithdrawOutcome.notFound }
            for try await seq in try await c.query(
                """
                INSERT INTO submission (kind, key, owner, token_name, body_sha256, body, received_at_millis, revision, withdrawn)
                VALUES (\(row.kind.rawValue), \(row.key), \(row.owner), \(row.tokenName), \(row.bodySHA256), \(row.body),
                        \(row.receivedAtMillis), \(row.revision), true)
                RETURNING seq
                """, logger: logger
            ).decode(Int64.self) {
                row.seq = seq
            }
            return WithdrawOutcome.withdrawn(row)
        }
    }

    public func submissions(after: Int64, limit: Int, owner: String?) async throws -> [SubmissionRecord] {
        let limit = Int64(max(0, limit))
        if let owner {
            return try await Self.records(
                client.query(
                    """
                    SELECT \(unescaped: Self.submissionColumns) FROM submission WHERE seq > \(after) AND owner = \(owner)
                    ORDER BY seq LIMIT \(limit)
                    """, logger: logger))
        }
        return try await Self.records(
            client.query(
                "SELECT \(unescaped: Self.submissionColumns) FROM submission WHERE seq > \(after) ORDER BY seq LIMIT \(limit)",
                logger: logger))
    }

    public func submission(seq: Int64) async throws -> SubmissionRecord? {
        try await Self.records(
            client.query("SELECT \(unescaped: Self.submissionColumns) FROM submission WHERE seq = \(seq)", logger: logger)
        ).first
    }

    public func demandRevised(after: Int64, through: Int64) async throws -> Bool {
        var revised = false
        for try await b in try await client.query(
            """
            SELECT EXISTS (SELECT 1 FROM submission WHERE kind = 'demand' AND seq > \(after) AND seq <= \(through) AND revision > 1)
            """, logger: logger
        ).decode(Bool.self) {
            revised = b
        }
        return revised
    }

    public func planInputs(through: Int64) async throws -> [SubmissionRecord] {
        try await planInputs(demandAfter: 0, through: through)
    }

    public func planInputs(demandAfter: Int64, through: Int64) async throws -> [SubmissionRecord] {
        // The latest row (up to `through`) of each demand (owner, id), and of each college's
        // programs; withdrawals are dropped after picking the latest, so a withdrawn one is gone.
        try await Self.records(
            client.query(
                """
                SELECT \(unescaped: Self.submissionColumns) FROM submission WHERE NOT withdrawn AND seq IN (
                    SELECT max(seq) FROM submission WHERE kind = 'demand' AND seq <= \(through) GROUP BY owner, key
                    HAVING max(seq) > \(demandAfter)
                    UNION ALL
                    SELECT max(seq) FROM submission WHERE kind = 'programs' AND seq <= \(through) GROUP BY owner)
                ORDER BY seq
                """, logger: logger))
    }

    public func latestSeq() async throws -> Int64 {
        var seq: Int64 = 0
        for try await s in try await client.query("SELECT coalesce(max(seq), 0)::bigint FROM submission", logger: logger)
            .decode(Int64.self)
        {
            seq = s
        }
        return seq
    }

    // MARK: Tokens

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

    // MARK: Plans

    /// Keeps the highest revision only (a lower one is ignored, the same one not rewritten), so
    /// processes saving plans at once cannot make it go back.
    public func savePlan(_ plan: PlanRecord) async throws {
        let logger = self.logger
        try await client.withTransaction(logger: logger) { c in
            try await c.query(
                """
                INSERT INTO plan (revision, json, created_at)
                SELECT \(plan.revision), \(plan.json), \(plan.createdAt)
                WHERE NOT EXISTS (SELECT 1 FROM plan WHERE revision > \(plan.revision))
                ON CONFLICT (revision) DO NOTHING
                """, logger: logger)
            try await c.query("DELETE FROM plan WHERE revision < (SELECT max(revision) FROM plan)", logger: logger)
        }
    }

    public func latestPlan() async throws -> PlanRecord? {
        var plan: PlanRecord?
        for try await (revision, json, created) in try await client.query(
            "SELECT revision, json, created_at FROM plan ORDER BY revision DESC LIMIT 1", logger: logger
        ).decode((Int64, Data, Date).self) {
            plan = PlanRecord(revision: revision, json: json, createdAt: created)
        }
        return plan
    }
}

extension SubmissionRecord {
    /// A stored row as read back (its hash is not computed again).
    init(
        stored seq: Int64, kind: SubmissionKind, key: String, owner: String, tokenName: String, bodySHA256: String, body: Data,
        receivedAtMillis: Int64, revision: Int64, withdrawn: Bool
    ) {
        self.seq = seq
        self.kind = kind
        self.key = key
        self.owner = owner
        self.tokenName = tokenName
        self.bodySHA256 = bodySHA256
        self.body = body
        self.receivedAtMillis = receivedAtMillis
        self.revision = revision
        self.withdrawn = withdrawn
    }
}
