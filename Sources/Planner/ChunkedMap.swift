import Catalog
import Dispatch

/// Maps `0..<count` to results in fixed chunks of `chunk` indices on `threads` workers (worker
/// `w` takes chunks `w`, `w + workers`, …), each worker with its own `state` (scratch or a
/// cache), and returns the results in index order: the output does not depend on the threads.
/// Program advice and the openings' ranking run through it.
func chunkedMap<State, T: Sendable>(
    count: Int, chunk: Int, threads: Int, state makeState: @Sendable () -> State,
    _ transform: @Sendable (Int, inout State) -> T
) -> [T] {
    let chunks = (count + chunk - 1) / chunk
    let slots = Slots<[T]>(count: chunks)
    let workers = max(1, min(threads, chunks))
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        var state = makeState()
        var c = worker
        while c < chunks {
            var part: [T] = []
            part.reserveCapacity(chunk)
            for i in (c * chunk)..<min(count, (c + 1) * chunk) { part.append(transform(i, &state)) }
            slots.set(c, part)
            c += workers
        }
    }
    var out: [T] = []
    out.reserveCapacity(count)
    for c in 0..<chunks { out += slots.take(c) }
    return out
}
