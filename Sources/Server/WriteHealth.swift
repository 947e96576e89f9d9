import Synchronization

/// Whether the last write to the store failed; `/healthz` says `write-failed` until a write succeeds.
final class WriteHealth: Sendable {
    private let failedLast = Atomic<Bool>(false)
    var failing: Bool { failedLast.load(ordering: .relaxed) }
    func failed() { failedLast.store(true, ordering: .relaxed) }
    func succeeded() { if failing { failedLast.store(false, ordering: .relaxed) } }
}
