import ArgumentParser
import Catalog
import Foundation
import Server
import Storage

#if canImport(Glibc)
    import Glibc
#endif

/// What `--db` names: a SQLite file (the default), or a PostgreSQL database by its
/// `postgres://user:password@host:port/database` URL.
enum Store {
    static func isPostgres(_ db: String) -> Bool { db.hasPrefix("postgres://") || db.hasPrefix("postgresql://") }

    /// Opens (and migrates) the repository `db` names.
    static func open(_ db: String) async throws -> any Repository {
        if isPostgres(db) { return try await PostgresRepository.open(url: db) }
        return try SQLiteRepository(path: db)
    }

    /// Runs `body` on the repository `db` names (the `token` commands, and `serve` until the server
    /// stops); a PostgreSQL repository's connections are closed after, whether `body` threw or not.
    static func with<T: Sendable>(_ db: String, _ body: (any Repository) async throws -> T) async throws -> T {
        let repository = try await open(db)
        defer { (repository as? PostgresRepository)?.close() }
        return try await body(repository)
    }
}

extension Chanjiao {
    /// `chanjiao serve`: the HTTP API for demand and program submissions, the plan and the pages.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the submission API, the latest plan and the college and cluster pages over HTTP.",
            discussion: """
                Industry bodies POST demand XML to /v1/demand and colleges their programs to \
                /v1/colleges/{id}/programs with a bearer token (chanjiao token issue). Every accepted \
                submission is committed before the 201: to SQLite (WAL, synchronous=FULL) by default, or to \
                PostgreSQL with --db postgres://user:password@host:port/database (several server processes \
                may share one). GET /v1/plan, /colleges/{id}, /clusters/{id}, /healthz. Prints \
                'listening on HOST:PORT' when ready.
                """
        )

        @Option(help: "SQLite database file (created if missing), or a postgres://user:password@host:port/database URL.")
        var db: String = "chanjiao.sqlite"

        @Option(help: "Host to bind.")
        var host: String = "127.0.0.1"

        @Option(help: "Port to bind (0: any free port, printed when ready).")
        var port: Int = 8080

        @Option(help: "Folder with majors.xml, occupations.xml, clusters.xml and policy/ (default: the shipped Catalogs).")
        var catalogs: String?

        @Option(help: "Policy file for the plan (default: policy/chongqing.xml in --catalogs).")
        var policy: String?

        @Option(name: .customLong("max-body"), help: "Largest request body, e.g. 8M (default 8M).")
        var maxBody: String = "8M"

        @Option(name: .customLong("plan-threads"), help: "Threads of the background planner.")
        var planThreads: Int = 1

        @Option(name: .customLong("replan-delay-ms"), help: "Wait after a submission before replanning, so bursts coalesce.")
        var replanDelayMs: Int = 250

        @Option(
            name: .customLong("max-connections"),
            help:
                "Most open connections; past it a connection gets 503 and is closed (default 1024, or half the open-files limit when lower)."
        )
        var maxConnections: Int = ConnectionLimits.defaultMaxConnections

        @Option(name: .customLong("idle-timeout"), help: "Seconds a connection may stay open with no request under way.")
        var idleTimeout: Double = 30

        @Option(name: .customLong("header-timeout"), help: "Seconds from a request's first byte to the end of its head.")
        var headerTimeout: Double = 10

        @Option(name: .customLong("body-timeout"), help: "Seconds from the end of a request's head to the end of its body.")
        var bodyTimeout: Double = 60

        @Option(name: .customLong("quota-per-hour"), help: "Submissions per hour per industry or college token (0: no bound).")
        var quotaPerHour: Int = 1000

        @Option(name: .customLong("quota-bytes"), help: "Body bytes stored per industry or college token, e.g. 256M (0: no bound).")
        var quotaBytes: String = "256M"

        @Option(
            name: .customLong("max-planned-total"),
            help: "Refuse to plan more than this total headcount (or enrolment, graduates, capacity); the last good plan stays.")
        var maxPlannedTotal: Int?

        func validate() throws {
            if let maxPlannedTotal, maxPlannedTotal < 0 { throw ValidationError("--max-planned-total must not be negative") }
            guard quotaPerHour >= 0 else { throw ValidationError("--quota-per-hour must not be negative") }
            guard quotaBytes == "0" || InputOptions.bytes(quotaBytes) != nil else {
                throw ValidationError("--quota-bytes '\(quotaBytes)' is not a size such as 512K or 256M")
            }
            guard maxConnections >= 1 else { throw ValidationError("--max-connections must be at least 1") }
            for (name, value) in [("idle-timeout", idleTimeout), ("header-timeout", headerTimeout), ("body-timeout", bodyTimeout)] {
                guard value > 0, value <= 86_400 else { throw ValidationError("--\(name) must be more than 0 and at most 86400 seconds") }
            }
            guard InputOptions.bytes(maxBody) != nil else {
                throw ValidationError("--max-body '\(maxBody)' is not a size such as 512K or 8M")
            }
            guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535") }
            guard planThreads >= 1 else { throw ValidationError("--plan-threads must be at least 1") }
            guard replanDelayMs >= 0 else { throw ValidationError("--replan-delay-ms must not be negative") }
        }

        func run() async throws {
            guard let dir = catalogs ?? CatalogLoader.defaultReferenceDirectory() else {
                var e = StandardError()
                print("error: no Catalogs folder found; pass --catalogs DIR", to: &e)
                throw ExitCode(1)
            }
            let config = ServerConfiguration(
                host: host, port: port, maxBodyBytes: InputOptions.bytes(maxBody) ?? (8 << 20), catalogDirectory: dir,
                policyFile: policy, planThreads: planThreads, replanDelay: .milliseconds(replanDelayMs),
                maxPlannedTotal: maxPlannedTotal,
                connections: ConnectionLimits(
                    maxConnections: maxConnections, idleTimeout: .milliseconds(Int64(idleTimeout * 1000)),
                    headerTimeout: .milliseconds(Int64(headerTimeout * 1000)), bodyTimeout: .milliseconds(Int64(bodyTimeout * 1000))),
                quota: Quota(
                    submissionsPerHour: quotaPerHour == 0 ? nil : quotaPerHour,
                    storedBytes: quotaBytes == "0" ? nil : InputOptions.bytes(quotaBytes).map(Int64.init)))
            let host = self.host
            do {
                try await Store.with(db) { repository in
                    var config = config
                    config.peerPollInterval = ServerConfiguration.peerPollInterval(for: repository)
                    try await runServer(configuration: config, repository: repository) { port in
                        FileHandle.standardOutput.write(Data("listening on \(host):\(port)\n".utf8))
                    }
                }
            } catch {
                var e = StandardError()
                print("error: \(error)", to: &e)
                throw ExitCode(1)
            }
        }
    }
}
