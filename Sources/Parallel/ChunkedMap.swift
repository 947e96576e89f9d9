public import Dispatch

/// Runs `body` over `0..<count` cut into fixed chunks of `chunk` indices on up to `threads`
/// workers (worker `w` takes chunks `w`, `w + workers`, …), each worker with its own `state`
/// (scratch or a cache), and returns one result per chunk in chunk order. The chunks do not depend
/// on `threads`, so neither does the output. One worker runs inline on the caller's thread.
/// - Complexity: the sum of the chunks' costs over the workers, plus one `state` per worker.
@inlinable
public func mapChunks<State, T: Sendable>(
    count: Int, chunk: Int, threads: Int, state makeState: @autoclosure @Sendable () -> State,
    _ body: @Sendable (Range<Int>, inout State) -> T
) -> [T] {
    let size = max(1, chunk)
    let chunks = (max(0, count) + size - 1) / size
    if chunks == 0 { return [] }
    let workers = max(1, min(threads, chunks))
    let slots = Slots<T>(count: chunks)
    @Sendable func work(_ worker: Int) {
        var state = makeState()
        var c = worker
        while c < chunks {
            slots.set(c, body((c * size)..<min(count, (c + 1) * size), &state))
            c += workers
        }
    }
    if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
    return (0..<chunks).map { slots.take($0) }
}

/// Maps `0..<count` to results in fixed chunks of `chunk` indices on `threads` workers, each
/// worker with its own `state`, and returns the results in index order (`mapChunks`, flattened):
/// the output does not depend on the threads.
@inlinable
public func chunkedMap<State, T: Sendable>(
    count: Int, chunk: Int, threads: Int, state makeState: @autoclosure @Sendable () -> State,
    _ transform: @Sendable (Int, inout State) -> T
) -> [T] {
    var parts = mapChunks(count: count, chunk: chunk, threads: threads, state: makeState()) { range, state in
        var part: [T] = []
        part.reserveCapacity(range.count)
        for i in range { part.append(transform(i, &state)) }
        return part
    }
    var out: [T] = []
    out.reserveCapacity(max(0, count))
    for c in parts.indices {
        out += parts[c]
        parts[c] = []  // released as soon as it is joined
    }
    return out
}
