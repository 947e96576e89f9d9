import Catalog
import Dispatch
import Foundation
import Planner
import Reports
import Storage

/// A complete plan and its plan.json, as readers see it.
struct PlanSnapshot: Sendable {
    /// The highest submission `seq` the plan includes.
    var revision: Int64
    /// plan.json.
    var json: [UInt8]
    /// The plan itself (for the HTML pages); nil when only the stored JSON is known yet.
    var plan: Plan?
}

/// Recomputes the plan in the background after accepted submissions, one computation at a time,
/// and swaps in the finished result: readers always see a complete plan.
actor PlanService {
    let base: CatalogBase
    let repository: any Repository
    let threads: Int
    let delay: Duration
    /// The last complete plan.
    private(set) var snapshot: PlanSnapshot?
    private(set) var lastError: String?
    private var running = false
    private var dirty = false
    private static let queue = DispatchQueue(label: "chanjiao.plan", qos: .utility)

    init(base: CatalogBase, repository: any Repository, threads: Int, delay: Duration) {
        self.base = base
        self.repository = repository
        self.threads = threads
        self.delay = delay
    }

    /// Serves the stored plan.json at once, then recomputes (the pages need the plan itself).
    func start() async {
        if let stored = try? await repository.latestPlan() {
            snapshot = PlanSnapshot(revision: stored.revision, json: Array(stored.json), plan: nil)
        }
        requestRecompute()
    }

    /// Marks the plan stale; starts a recompute unless one is running (which then runs again).
    func requestRecompute() {
        dirty = true
        guard !running else { return }
        running = true
        Task { await self.loop() }
    }

    private func loop() async {
        while dirty {
            dirty = false
            if snapshot != nil { try? await Task.sleep(for: delay) }
            do {
                let revision = try await repository.latestSeq()
                let inputs = try await repository.planInputs(through: revision)
                let base = self.base
                let threads = self.threads
                let computed = try await withCheckedThrowingContinuation {
                    (c: CheckedContinuation<PlanSnapshot, any Error>) in
                    Self.queue.async {
                        c.resume(with: Result { try Self.compute(base: base, inputs: inputs, revision: revision, threads: threads) })
                    }
                }
                if (snapshot?.revision ?? -1) <= computed.revision {
                    snapshot = computed
                    lastError = nil
                    try? await repository.savePlan(PlanRecord(revision: computed.revision, json: Data(computed.json)))
                }
            } catch {
                lastError = "\(error)"
            }
        }
        running = false
    }

    /// The catalogs plus every input, parsed (already validated when accepted), linked and planned.
    nonisolated static func compute(
        base: CatalogBase, inputs: [SubmissionRecord], revision: Int64, threads: Int
    ) throws -> PlanSnapshot {
        var set = base.full
        let trusted = IngestOptions(validate: false, maxBytes: Int.max)
        for input in inputs {
            let name = "\(input.kind.rawValue)-\(input.seq ?? 0).xml"
            let kind: DocumentKind = input.kind == .demand ? .demand : .colleges
            _ = input.body.withUnsafeBytes { raw in
                CatalogLoader.parse(bytes: raw, name: name, into: &set, options: trusted, expecting: kind)
            }
        }
        _ = CatalogLoader.link(&set)
        let plan = try Planner(policy: set.policy, threads: threads).plan(set)
        return PlanSnapshot(revision: revision, json: PlanReport(plan: plan).planJSON(), plan: plan)
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
