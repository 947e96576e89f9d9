import Foundation
import GRDB

/// The SQLite repository (GRDB): WAL journal, `synchronous=FULL`, schema by a `DatabaseMigrator`.
/// A write returns only after its transaction is committed and synced.
public final class SQLiteRepository: Repository {
    let pool: DatabasePool
    let committer: GroupCommit
    /// The database file.
    public let path: String

    /// Opens (creating if needed) the database at `path` and migrates it.
    public init(path: String) throws(StorageError) {
        self.path = path
        var config = Configuration()
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        config.busyMode = .timeout(10)
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try Self.migrator.migrate(pool)
            committer = GroupCommit(pool: pool)
        } catch {
            throw StorageError(operation: "open \(path)", message: "\(error)")
        }
    }

    /// The schema, one migration per change; never edit a shipped migration.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.create(table: "submission") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("kind", .text).notNull().check { ["demand", "programs"].contains($0) }
                t.column("key", .text).notNull().check { length($0) > 0 }
                t.column("owner", .text).notNull()
                t.column("tokenName", .text).notNull()
                t.column("bodySHA256", .text).notNull().check { length($0) == 64 }
                t.column("body", .blob).notNull()
                t.column("receivedAtMillis", .integer).notNull()
                t.uniqueKey(["kind", "key"])
            }
            try db.create(index: "submission_kind_owner", on: "submission", columns: ["kind", "owner", "seq"])
            try db.create(table: "token") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique().check { length($0) > 0 }
                t.column("role", .text).notNull().check { ["industry", "college", "admin"].contains($0) }
                t.column("scope", .text)
                t.column("secretSHA256", .text).notNull().unique().check { length($0) == 64 }
                t.column("createdAt", .datetime).notNull()
                t.column("revoked", .boolean).notNull().defaults(to: false)
                t.check(sql: "(role = 'admin') = (scope IS NULL)")
            }
            try db.create(table: "plan") { t in
                t.primaryKey("revision", .integer)
                t.column("json", .blob).notNull()
                t.column("createdAt", .datetime).notNull()
            }
        }
        return m
    }

    /// Whether the connection runs in WAL mode with `synchronous=FULL` (2).
    public func durability() throws -> (journalMode: String, synchronous: Int) {
        try pool.read { db in
            let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? ""
            let sync = try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
            return (mode, sync)
        }
    }

    /// Stores a submission by group commit (see `GroupCommit`): durable when this returns.
    public func submit(_ submission: SubmissionRecord) async throws -> SubmissionOutcome {
        try await committer.submit(submission)
    }

    static func submit(_ submission: SubmissionRecord, _ db: Database) throws -> SubmissionOutcome {
        // A cached statement: the lookup runs once per submission, inside the group commit.
        let existing = try db.cachedStatement(sql: "SELECT * FROM submission WHERE kind = ? AND key = ?")
        if let first = try SubmissionRecord.fetchOne(existing, arguments: [submission.kind, submission.key]) {
            return .existing(first)
        }
        var row = submission
        row.seq = nil
        try row.insert(db)
        return .created(row)
    }

    public func submissions(after: Int64, limit: Int) async throws -> [SubmissionRecord] {
        try await pool.read { db in
            try SubmissionRecord.filter(SubmissionRecord.Columns.seq > after).order(SubmissionRecord.Columns.seq)
                .limit(max(0, limit)).fetchAll(db)
        }
    }

    public func planInputs(through: Int64) async throws -> [SubmissionRecord] {
        // Every seq is ≥ 1 (rowids), so "demand after 0" is all demand.
        try await planInputs(demandAfter: 0, through: through)
    }

    public func planInputs(demandAfter: Int64, through: Int64) async throws -> [SubmissionRecord] {
        try await pool.read { db in
            try SubmissionRecord.fetchAll(
                db,
                sql: """
                    SELECT * FROM submission WHERE seq <= ?2 AND ((kind = 'demand' AND seq > ?1)
                       OR seq IN (SELECT max(seq) FROM submission WHERE kind = 'programs' AND seq <= ?2 GROUP BY owner))
                    ORDER BY seq
                    """, arguments: [demandAfter, through])
        }
    }

    public func latestSeq() async throws -> Int64 {
        try await pool.read { db in try Int64.fetchOne(db, sql: "SELECT coalesce(max(seq), 0) FROM submission") ?? 0 }
    }

    public func insertToken(_ token: TokenRecord) async throws -> TokenRecord {
        try await pool.write { db in
            var t = token
            try t.insert(db)
            return t
        }
    }

    /// Stores a token from synchronous code (the `chanjiao token` command).
    public func insertTokenNow(_ token: TokenRecord) throws -> TokenRecord {
        try pool.write { db in
            var t = token
            try t.insert(db)
            return t
        }
    }

    public func token(secretSHA256: String) async throws -> TokenRecord? {
        try await pool.read { db in
            // Every authenticated request asks: a cached statement, not SQL built and prepared each time.
            let statement = try db.cachedStatement(sql: "SELECT * FROM token WHERE secretSHA256 = ? AND revoked = 0")
            return try TokenRecord.fetchOne(statement, arguments: [secretSHA256])
        }
    }

    public func savePlan(_ plan: PlanRecord) async throws {
        try await pool.write { db in
            try PlanRecord.deleteAll(db)
            try plan.insert(db)
        }
    }

    public func latestPlan() async throws -> PlanRecord? {
        try await pool.read { db in try PlanRecord.order(PlanRecord.Columns.revision.desc).fetchOne(db) }
    }
}
