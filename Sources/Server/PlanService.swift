import Catalog
import Foundation
import Logging
import NIOCore
import Planner
import Reports
import Storage

#if canImport(Glibc)
    import Glibc
#endif

/// A complete plan and its plan.json, as readers see it.
struct PlanSnapshot: Sendable {
    /// The highest submission `seq` the plan includes.
    var revision: Int64
    /// plan.json, built once: every `GET /v1/plan` shares this storage instead of copying it.
    var json: ByteBuffer
    /// The plan itself (for the HTML pages); nil when only the stored JSON is known yet.
    var plan: Plan?
}

/// Recomputes the plan in the background after accepted submissions, one computation at a time,
/// and swaps in the finished result: readers always see a complete plan. Recomputes coalesce: one
/// starts `delay` after it is asked for; when submissions kept arriving while the last one (a plan
/// that included submissions) ran, also no sooner than `spacing` times its cost after it ended, so
/// planning, which grows with the accepted demand, takes a bounded share of the CPU under sustained
/// load. A plan's cost is its wall time, but no more than its planning thread's CPU time × the
/// planner's threads: a plan slowed down by other processes on the machine (at nice 10 it yields to
/// them) does not push the next one further out. A submission after a quiet spell waits `delay`
/// alone, and a plan covering every accepted submission follows the last one.
actor PlanService {
    let base: CatalogBase
    let repository: any Repository
    let threads: Int
    let delay: Duration
    /// The wait before a recompute, in multiples of the last one's cost (see the type's comment).
    let spacing: Double
    /// When the last recompute ended, and its cost; nil unless submissions arrived meanwhile.
    private var last: (end: ContinuousClock.Instant, cost: Duration)?
    /// The last complete plan.
    private(set) var snapshot: PlanSnapshot?
    /// Why the last recompute failed; nil once one succeeds. The last good plan keeps being served.
    private(set) var failure: PlanFailure?
    let logger: Logger
    /// See `PlanLimits`.
    let maxTotal: Int?
    private var running = false
    private var dirty = false
    /// Demand parsed so far, on top of the catalogs: each body is parsed once.
    private var demandSet: CatalogSet?
    /// Highest demand `seq` in `demandSet`.
    private var demandThrough: Int64 = 0
    /// How often the store's latest `seq` is read, to plan what other processes accepted (nil: never).
    let pollInterval: Duration?
    /// The highest `seq` this process has planned, is planning or has asked a recompute for: a
    /// recompute records the `seq` it reads, and a local submission the one it stored. A poll asks
    /// for a recompute only past it, so it never plans again what this process already covers.
    private(set) var knownSeq: Int64 = 0

    init(
        base: CatalogBase, repository: any Repository, threads: Int, delay: Duration, spacing: Double,
        maxTotal: Int? = nil, pollInterval: Duration? = nil, logger: Logger = Logger(label: "chanjiao.plan")
    ) {
        self.pollInterval = pollInterval
        self.maxTotal = maxTotal
        self.logger = logger
        self.base = base
        self.repository = repository
        self.threads = threads
        self.delay = delay
        self.spacing = spacing
    }

    /// Serves the stored plan.json at once, then recomputes (the pages need the plan itself).
    func start() async {
        do {
            if let stored = try await repository.latestPlan() {
                snapshot = PlanSnapshot(revision: stored.revision, json: ByteBuffer(bytes: stored.json), plan: nil)
            }
        } catch {
            logger.error("could not read the stored plan: \(error)")
        }
        requestRecompute()
        if let pollInterval { startPolling(every: pollInterval) }
    }

    /// Other server processes on the same database accept submissions this one is not told of:
    /// every `interval` the store's latest `seq` is read, and a recompute asked for when it is past
    /// what this process has planned or seen. The loop ends when the service is released.
    nonisolated func startPolling(every interval: Duration) {
        Task { [weak self] in
            while true {
                try? await Task.sleep(for: interval)
                guard let service = self else { return }
                await service.poll()
            }
        }
    }

    /// One poll (see `startPolling`).
    func poll() async {
        guard let seq = try? await repository.latestSeq(), seq > knownSeq else { return }
        requestRecompute(through: seq)
    }

    /// Marks the plan stale; starts a recompute unless one is running (which then runs again).
    /// `seq` (a submission just stored) is known from now on: the recompute asked for reads the
    /// latest `seq` after this, so it covers it.
    func requestRecompute(through seq: Int64 = 0) {
        knownSeq = max(knownSeq, seq)
        dirty = true
        guard !running else { return }
        running = true
        Task { await self.loop() }
    }

    private func loop() async {
        while dirty {
            dirty = false
            let clock = ContinuousClock()
            if snapshot != nil {
                var wake = clock.now + delay
                if let last { wake = max(wake, last.end + last.cost * spacing) }
                try? await Task.sleep(until: wake, clock: clock)
            }
            let started = clock.now
            var cpu: Duration?
            var failedRevision: Int64 = -1
            do {
                let revision = try await repository.latestSeq()
                failedRevision = revision
                knownSeq = max(knownSeq, revision)
                // Only the demand not parsed yet is read (the bodies of all earlier demand are not),
                // unless a demand was replaced or withdrawn since: then all of it is parsed again.
                let revised = try await repository.demandRevised(after: demandThrough, through: revision)
                let after = revised ? 0 : demandThrough
                let inputs = try await repository.planInputs(demandAfter: after, through: revision)
                let newDemand = inputs.filter { $0.kind == .demand }
                let programs = inputs.filter { $0.kind == .programs }
                let start = revised ? base.full : (demandSet ?? base.full)
                let threads = self.threads
                let maxTotal = self.maxTotal
                let ((computed, demand), used) = try await Self.offload {
                    var set = start
                    Self.parse(newDemand, into: &set)
                    let demand = set
                    Self.parse(programs, into: &set)
                    return (try Self.plan(set, revision: revision, threads: threads, maxTotal: maxTotal), demand)
                }
                cpu = used
                demandSet = demand
                demandThrough = max(demandThrough, revision)
                if (snapshot?.revision ?? -1) <= computed.revision {
                    snapshot = computed
                    if failure != nil { logger.notice("planning recovered at revision \(computed.revision)") }
                    failure = nil
                    do {
                        try await repository.savePlan(
                            PlanRecord(revision: computed.revision, json: Data(computed.json.readableBytesView)))
                    } catch {
                        logger.error("could not store plan revision \(computed.revision): \(error)")
                    }
                }
            } catch {
                // The last good plan stays in place; /healthz reports the code, the log the detail.
                let f = PlanFailure(error, revision: failedRevision)
                failure = f
                logger.error(
                    "planning failed at revision \(failedRevision) (\(f.code)); serving revision \(snapshot.map { String($0.revision) } ?? "none"): \(error)"
                )
            }
            // Spaced only under sustained load, after a plan of submissions (not the catalogs-only one).
            let end = clock.now
            let cost = Self.cost(wall: end - started, threadCPU: cpu, threads: threads)
            last = dirty && (snapshot?.revision ?? 0) > 0 ? (end, cost) : nil
        }
        running = false
    }

    /// A recompute's cost for the spacing: its wall time, but no more than its thread's CPU time ×
    /// `threads` (a thread starved by other processes has a long wall time and little CPU time).
    nonisolated static func cost(wall: Duration, threadCPU: Duration?, threads: Int) -> Duration {
        guard let threadCPU else { return wall }
        return min(wall, threadCPU * max(1, threads))
    }

    /// The CPU time the calling thread has used so far.
    nonisolated static func threadCPUTime() -> Duration {
        var t = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) == 0 else { return .zero }
        return .seconds(Int64(t.tv_sec)) + .nanoseconds(Int64(t.tv_nsec))
    }

    /// Runs `work` on its own thread at a lower scheduling priority (nice 10), so that planning
    /// yields the CPU to request handling and never blocks the concurrency pool; returns its result
    /// and the CPU time that thread used for it.
    nonisolated static func offload<T: Sendable>(
        _ work: @escaping @Sendable () throws -> T
    ) async throws -> (T, cpu: Duration) {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<(T, cpu: Duration), any Error>) in
            let thread = Thread {
                #if canImport(Glibc)
                    // On Linux, who = 0 means the calling thread only.
                    _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
                #endif
                let before = threadCPUTime()
                c.resume(with: Result { (try work(), cpu: threadCPUTime() - before) })
            }
            thread.stackSize = 16 << 20
            thread.start()
        }
    }

    /// Parses accepted bodies (validated when accepted) into `set`, in order.
    nonisolated static func parse(_ inputs: [SubmissionRecord], into set: inout CatalogSet) {
        let trusted = IngestOptions(validate: false, maxBytes: Int.max)
        for input in inputs {
            let name = "\(input.kind.rawValue)-\(input.seq ?? 0).xml"
            let kind: DocumentKind = input.kind == .demand ? .demand : .colleges
            _ = input.body.withUnsafeBytes { raw in
                CatalogLoader.parse(bytes: raw, name: name, into: &set, options: trusted, expecting: kind)
            }
        }
    }

    /// Links and plans the set: demand (in acceptance order), then the latest programs per college.
    nonisolated static func plan(
        _ input: CatalogSet, revision: Int64, threads: Int, maxTotal: Int? = nil
    ) throws -> PlanSnapshot {
        var set = input
        _ = CatalogLoader.link(&set)
        if let maxTotal { try PlanLimits.check(set, maxTotal: maxTotal) }
        let plan = try Planner(policy: set.policy, threads: threads).plan(set)
        return PlanSnapshot(revision: revision, json: ByteBuffer(bytes: PlanReport(plan: plan).planJSON()), plan: plan)
    }

    /// Waits until a plan including `revision` is in place (tests and the listing use this).
    func waitForPlan(atLeast revision: Int64, timeout: Duration = .seconds(60)) async -> PlanSnapshot? {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if let s = snapshot, s.plan != nil, s.revision >= revision { return s }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return snapshot
    }
}

/// Why a recompute failed, as `/healthz` reports it: a short code (the detail goes to the log only).
struct PlanFailure: Sendable, Equatable {
    /// `plan-inputs-too-large` or `planning-failed`.
    var code: String
    /// The submission revision the failed recompute was for (-1 when the store could not be read).
    var revision: Int64
    /// When it failed.
    var at: Date

    init(_ error: any Error, revision: Int64, at: Date = Date()) {
        self.code = (error as? PlanLimits.Exceeded) != nil ? "plan-inputs-too-large" : "planning-failed"
        self.revision = revision
        self.at = at
    }
}

/// An operator's bound on the planner's inputs (`ServerConfiguration.maxPlannedTotal`), checked
/// before planning in `Int`, which cannot overflow here (each value is an `Int32`, and there are far
/// fewer than 2^32 of them).
enum PlanLimits {
    /// A total past the bound.
    struct Exceeded: Error, Sendable, CustomStringConvertible {
        /// What was summed.
        var what: String
        /// Its total.
        var total: Int
        /// The limit it passed.
        var limit: Int
        var description: String { "total \(what) \(total) is above the planner's limit of \(limit)" }
    }

    /// Throws `Exceeded` when a total is past `maxTotal`.
    static func check(_ set: CatalogSet, maxTotal: Int) throws(Exceeded) {
        var headcount = 0
        for r in set.roles { headcount += max(0, Int(r.headcount)) }
        if headcount > maxTotal { throw Exceeded(what: "headcount", total: headcount, limit: maxTotal) }
        var enrolment = 0
        var graduates = 0
        var capacity = 0
        for p in set.programs {
            enrolment += max(0, Int(p.enrolment))
            graduates += max(0, Int(p.graduates))
            capacity += max(0, Int(p.capacity))
        }
        for (what, total) in [("enrolment", enrolment), ("graduates", graduates), ("capacity", capacity)] where total > maxTotal {
            throw Exceeded(what: what, total: total, limit: maxTotal)
        }
    }
}
