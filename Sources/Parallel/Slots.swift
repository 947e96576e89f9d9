import Synchronization

/// Results of parallel work, one slot per chunk or task: each slot is written by the one worker
/// that owns it and read after all workers have finished (the mutex orders those accesses).
/// `mapChunks` collects into it; loading and rendering use it directly for tasks of unequal kinds.
public final class Slots<Value: Sendable>: Sendable {
    private let slots: Mutex<[Value?]>

    /// `count` empty slots.
    public init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }

    /// Stores slot `i`.
    public func set(_ i: Int, _ value: Value) {
        slots.withLock { $0[i] = value }
    }

    /// Reads slot `i`, which must have been set.
    public func get(_ i: Int) -> Value {
        slots.withLock { $0[i]! }
    }

    /// Reads slot `i` (which must have been set) and empties it, so that the value is released
    /// as soon as the caller is done with it.
    public func take(_ i: Int) -> Value {
        slots.withLock { $0[i].take()! }
    }
}
