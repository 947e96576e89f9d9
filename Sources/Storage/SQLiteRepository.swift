public import Foundation
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
            committer = GroupCommit(write: Self.batch(pool))
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
        // v2: keys are scoped to their owner, and a (kind, owner, key) has revisions (replacements,
        // withdrawals); a token's stored bytes are kept in `tokenUsage` for its quota.
        m.registerMigration("v2") { db in
            try db.create(table: "submission_v2") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("kind", .text).notNull().check { ["demand", "programs"].contains($0) }
                t.column("key", .text).notNull().check { length($0) > 0 }
                t.column("owner", .text).notNull()
                t.column("tokenName", .text).notNull()
                t.column("bodySHA256", .text).notNull().check { length($0) == 64 }
                t.column("body", .blob).notNull()
                t.column("receivedAtMillis", .integer).notNull()
                t.column("revision", .integer).notNull().defaults(to: 1).check { $0 >= 1 }
                t.column("withdrawn", .boolean).notNull().defaults(to: false)
                t.uniqueKey(["kind", "owner", "key", "revision"])
            }
            try db.execute(
                sql: """
                    INSERT INTO submission_v2 (seq, kind, key, owner, tokenName, bodySHA256, body, receivedAtMillis)
                    SELECT seq, kind, key, owner, tokenName, bodySHA256, body, receivedAtMillis FROM submission ORDER BY seq
                    """)
            try db.drop(table: "submission")
            try db.rename(table: "submission_v2", to: "submission")
            try db.create(index: "submission_kind_owner", on: "submission", columns: ["kind", "owner", "seq"])
            try db.create(index: "submission_token_time", on: "submission", columns: ["tokenName", "receivedAtMillis"])
            try db.create(table: "tokenUsage") { t in
                t.primaryKey("tokenName", .text)
                t.column("bytes", .integer).notNull()
            }
            try db.execute(
                sql: "INSERT INTO tokenUsage (tokenName, bytes) SELECT tokenName, sum(length(body)) FROM submission GROUP BY tokenName")
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
    public func submit(_ submission: SubmissionRecord, quota: Quota?) async throws -> SubmissionOutcome {
        try await committer.submit(submission, quota: quota)
    }

    /// The group commit's batch: each submission in its own savepoint of one `pool.write`
    /// transaction, so one that fails leaves the others in the batch stored.
    static func batch(_ pool: DatabasePool) -> GroupCommit.Write {
        { records, now in
            try await pool.write { db in
                var out: [Result<SubmissionOutcome, any Error>] = []
                out.reserveCapacity(records.count)
                for (r, quota) in records {
                    var result: Result<SubmissionOutcome, any Error> = .failure(CancellationError())
                    do {
                        try db.inSavepoint {
                            result = .success(try Self.submit(r, quota: quota, now: now, db))
                            return .commit
                        }
                    } catch {
                        result = .failure(error)
                    }
                    out.append(result)
                }
                return out
            }
        }
    }

    static func submit(_ submission: SubmissionRecord, quota: Quota?, now: Date, _ db: Database) throws -> SubmissionOutcome {
        // Cached statements: these run once per submission, inside the group commit.
        let latestRow = try db.cachedStatement(
            sql: "SELECT * FROM submission WHERE kind = ? AND owner = ? AND key = ? ORDER BY revision DESC LIMIT 1")
        let latest = try SubmissionRecord.fetchOne(latestRow, arguments: [submission.kind, submission.owner, submission.key])
        if let replayed = SubmissionRules.replayed(submission, latest: latest) { return .existing(replayed) }
        if let quota { try check(quota, token: submission.tokenName, adding: submission.body.count, now: now, db) }
        var row = submission
        row.seq = nil
        // A demand's revisions count per (owner, id); a college's programs per college, whatever the key.
        let previous = submission.kind == .programs ? try latestPrograms(of: submission.owner, db) : latest
        row.revision = SubmissionRules.revision(after: previous)
        try row.insert(db)
        try addUsage(row.body.count, token: row.tokenName, db)
        return .created(row)
    }

    /// Throws `QuotaExceeded` when `token` has used up `quota` (before adding `bytes`).
    static func check(_ quota: Quota, token: String, adding bytes: Int, now: Date, _ db: Database) throws {
        let nowMillis = SubmissionRules.millis(now)
        if let perHour = quota.submissionsPerHour {
            let window = try db.cachedStatement(
                sql: "SELECT count(*), min(receivedAtMillis) FROM submission WHERE tokenName = ? AND receivedAtMillis > ?")
            if let row = try Row.fetchOne(window, arguments: [token, nowMillis - SubmissionRules.hourMillis]) {
                try SubmissionRules.checkHourly(perHour: perHour, count: row[0], oldestMillis: row[1], nowMillis: nowMillis)
            }
        }
        if let maxBytes = quota.storedBytes {
            let usage = try db.cachedStatement(sql: "SELECT bytes FROM tokenUsage WHERE tokenName = ?")
            try SubmissionRules.checkBytes(maxBytes: maxBytes, used: try Int64.fetchOne(usage, arguments: [token]) ?? 0, adding: bytes)
        }
    }

    static func addUsage(_ bytes: Int, token: String, _ db: Database) throws {
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO tokenUsage (tokenName, bytes) VALUES (?, ?)
                ON CONFLICT(tokenName) DO UPDATE SET bytes = bytes + excluded.bytes
                """)
        try upsert.execute(arguments: [token, bytes])
    }

    /// The college's latest programs row (an upload or a withdrawal), by `seq`.
    static func latestPrograms(of owner: String, _ db: Database) throws -> SubmissionRecord? {
        let statement = try db.cachedStatement(
            sql: "SELECT * FROM submission WHERE kind = 'programs' AND owner = ? ORDER BY seq DESC LIMIT 1")
        return try SubmissionRecord.fetchOne(statement, arguments: [owner])
    }

    public func withdraw(kind: SubmissionKind, owner: String, key: String, tokenName: String, at: Date) async throws
        -> WithdrawOutcome
    {
        try await pool.write { db in
            let latest: SubmissionRecord?
            if kind == .programs {
                latest = try Self.latestPrograms(of: owner, db)
            } else {
                latest = try SubmissionRecord.filter(
                    SubmissionRecord.Columns.kind == kind && SubmissionRecord.Columns.owner == owner
                        && SubmissionRecord.Columns.key == key
                ).order(SubmissionRecord.Columns.revision.desc).fetchOne(db)
            }
            guard var row = SubmissionRules.withdrawal(of: latest, kind: kind, owner: owner, key: key, tokenName: tokenName, at: at)
            else { return .notFound }
            try row.insert(db)
            return .withdrawn(row)
        }
    }

    public func submissions(after: Int64, limit: Int, owner: String?) async throws -> [SubmissionRecord] {
        try await pool.read { db in
            var q = SubmissionRecord.filter(SubmissionRecord.Columns.seq > after)
            if let owner { q = q.filter(SubmissionRecord.Columns.owner == owner) }
            return try q.order(SubmissionRecord.Columns.seq).limit(max(0, limit)).fetchAll(db)
        }
    }

    public func submission(seq: Int64) async throws -> SubmissionRecord? {
        try await pool.read { db in try SubmissionRecord.fetchOne(db, key: seq) }
    }

    public func demandRevised(after: Int64, through: Int64) async throws -> Bool {
        try await pool.read { db in
            try Bool.fetchOne(
                db,
                sql: "SELECT EXISTS (SELECT 1 FROM submission WHERE kind = 'demand' AND seq > ? AND seq <= ? AND revision > 1)",
                arguments: [after, through]) ?? false
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
                // The latest row (up to `through`) of each demand (owner, id), and of each college's
                // programs; withdrawals are dropped after picking the latest, so a withdrawn one is gone.
                sql: """
                    SELECT * FROM submission WHERE withdrawn = 0 AND seq IN (
                        SELECT max(seq) FROM submission WHERE kind = 'demand' AND seq <= ?2 GROUP BY owner, key
                        HAVING max(seq) > ?1
                        UNION ALL
                        SELECT max(seq) FROM submission WHERE kind = 'programs' AND seq <= ?2 GROUP BY owner)
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

    public func tokens() async throws -> [TokenRecord] {
        try await pool.read { db in try TokenRecord.order(TokenRecord.Columns.id).fetchAll(db) }
    }

    public func revokeToken(name: String) async throws -> Bool {
        try await pool.write { db in try Self.revoke(name, db) }
    }

    static func revoke(_ name: String, _ db: Database) throws -> Bool {
        try db.execute(sql: "UPDATE token SET revoked = 1 WHERE name = ? AND revoked = 0", arguments: [name])
        return db.changesCount > 0
    }

    public func savePlan(_ plan: PlanRecord) async throws {
        try await pool.write { db in
            // The highest revision stays: a lower one is ignored, the same one not rewritten.
            if let highest = try Int64.fetchOne(db, sql: "SELECT max(revision) FROM plan"), highest >= plan.revision { return }
            try PlanRecord.deleteAll(db)
            try plan.insert(db)
        }
    }

    public func latestPlan() async throws -> PlanRecord? {
        try await pool.read { db in try PlanRecord.order(PlanRecord.Columns.revision.desc).fetchOne(db) }
    }
}
