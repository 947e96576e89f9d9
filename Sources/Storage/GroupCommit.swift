import Foundation
import GRDB
import Synchronization

/// Group commit: submissions that arrive while a transaction is being synced wait and go together
/// into the next one, each in its own savepoint. Every caller returns only after the transaction
/// holding its row is committed (and, with `synchronous=FULL`, synced), so one fsync serves many
/// submissions without weakening durability.
final class GroupCommit: Sendable {
    typealias Waiter = CheckedContinuation<SubmissionOutcome, any Error>

    struct State {
        var pending: [(SubmissionRecord, Quota?, Waiter)] = []
        var writing = false
    }

    let pool: DatabasePool
    /// Most submissions per transaction.
    let maxBatch: Int
    let state = Mutex(State())

    init(pool: DatabasePool, maxBatch: Int = 256) {
        self.pool = pool
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
                let results: [Result<SubmissionOutcome, any Error>] = try await pool.write { db in
                    var out: [Result<SubmissionOutcome, any Error>] = []
                    out.reserveCapacity(records.count)
                    for (r, quota) in records {
                        var result: Result<SubmissionOutcome, any Error> = .failure(CancellationError())
                        do {
                            try db.inSavepoint {
                                result = .success(try SQLiteRepository.submit(r, quota: quota, now: now, db))
                                return .commit
                            }
                        } catch {
                            result = .failure(error)
                        }
                        out.append(result)
                    }
                    return out
                }
                for (i, (_, _, waiter)) in batch.enumerated() { waiter.resume(with: results[i]) }
            } catch {
                for (_, _, waiter) in batch { waiter.resume(throwing: error) }
            }
        }
    }
}
