import Foundation
import Synchronization

/// Group commit: submissions that arrive while a transaction is being synced wait and go together
/// into the next one (`write` stores a batch in one transaction and gives each its own result).
/// Every caller returns only after the transaction holding its row is committed (and synced), so
/// one fsync serves many submissions without weakening durability.
final class GroupCommit: Sendable {
    typealias Waiter = CheckedContinuation<SubmissionOutcome, any Error>
    /// Stores a batch in one transaction, at the given time; one result per submission, in order.
    typealias Write = @Sendable ([(SubmissionRecord, Quota?)], Date) async throws -> [Result<SubmissionOutcome, any Error>]

    struct State {
        var pending: [(SubmissionRecord, Quota?, Waiter)] = []
        var writing = false
    }

    let write: Write
    /// Most submissions per transaction.
    let maxBatch: Int
    let state = Mutex(State())

    init(maxBatch: Int = 256, write: @escaping Write) {
        self.write = write
        self.maxBatch = maxBatch
    }

    func submit(_ record: SubmissionRecord, quota: Quota?) async throws -> SubmissionOutcome {
        try await withCheckedThrowingContinuation { (waiter: Waiter) in
            let start = state.withLock { s in
                s.pending.append((record, quota, waiter))
                if s.writing { return false }
                s.writing = true
                return true
            }
            if start { Task { await self.drain() } }
        }
    }

    /// Writes batches until nothing is pending.
    private func drain() async {
        while true {
            let batch: [(SubmissionRecord, Quota?, Waiter)] = state.withLock { s in
                if s.pending.isEmpty {
                    s.writing = false
                    return []
                }
                let n = min(maxBatch, s.pending.count)
                let b = Array(s.pending.prefix(n))
                s.pending.removeFirst(n)
                return b
            }
            if batch.isEmpty { return }
            let records = batch.map { ($0.0, $0.1) }
            let now = Date()
            do {
                let results = try await write(records, now)
                for (i, (_, _, waiter)) in batch.enumerated() { waiter.resume(with: results[i]) }
            } catch {
                for (_, _, waiter) in batch { waiter.resume(throwing: error) }
            }
        }
    }
}
