public import Storage

/// What `chanjiao serve` listens on, what it accepts, and where the shipped catalogs are.
public struct ServerConfiguration: Sendable {
    /// Host to bind (loopback by default).
    public var host: String
    /// Port to bind (0 picks a free one).
    public var port: Int
    /// Largest request body accepted (413 above it).
    public var maxBodyBytes: Int
    /// Folder holding `majors.xml`, `occupations.xml`, `clusters.xml` and `policy/`.
    public var catalogDirectory: String
    /// Policy file used for the plan; default `policy/chongqing.xml` (else `policy/default.xml`) in
    /// `catalogDirectory`.
    public var policyFile: String?
    /// Threads the background planner uses.
    public var planThreads: Int
    /// How long the planner waits after a submission before recomputing, so that bursts coalesce.
    public var replanDelay: Duration
    /// Under sustained submissions, a recompute also waits this many times the last one's cost
    /// after it ended — its wall time, or its thread's CPU time × planThreads when that is less
    /// (0: no spacing) — which bounds planning's share of the CPU.
    public var replanSpacing: Double
    /// An operator's bound on what is planned: the largest total, over all accepted demand, of role
    /// headcount (and over all programs of enrolment, graduates and capacity); above it a recompute
    /// fails with `plan-inputs-too-large` and the last good plan stays. nil: no bound (the planner
    /// sums in `Int`, and ingest bounds each file).
    public var maxPlannedTotal: Int?
    /// Open-connection cap and read/idle timeouts.
    public var connections: ConnectionLimits
    /// What each industry or college token may store (admin tokens have none).
    public var quota: Quota
    /// How often the planner reads the store's latest `seq` to plan submissions that other server
    /// processes on the same database accepted (nil, the default: never; a SQLite file has one
    /// server process, which is told of every submission it stores). See `peerPollInterval(for:)`.
    public var peerPollInterval: Duration?

    /// The polling a store needs: every second for PostgreSQL (which several server processes may
    /// share), none for SQLite.
    public static func peerPollInterval(for repository: any Repository) -> Duration? {
        repository is PostgresRepository ? .seconds(1) : nil
    }

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, maxBodyBytes: Int = 8 << 20, catalogDirectory: String,
        policyFile: String? = nil, planThreads: Int = 1, replanDelay: Duration = .milliseconds(250),
        replanSpacing: Double = 4, maxPlannedTotal: Int? = nil, connections: ConnectionLimits = ConnectionLimits(),
        quota: Quota = Quota(submissionsPerHour: 1000, storedBytes: 256 << 20), peerPollInterval: Duration? = nil
    ) {
        self.peerPollInterval = peerPollInterval
        self.quota = quota
        self.connections = connections
        self.maxPlannedTotal = maxPlannedTotal
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.catalogDirectory = catalogDirectory
        self.policyFile = policyFile
        self.planThreads = planThreads
        self.replanDelay = replanDelay
        self.replanSpacing = replanSpacing
    }
}
