import Foundation

/// Results of parallel work, one slot per chunk or iteration: each slot is written by the one
/// worker that owns it and read after all workers have finished (the lock orders those accesses).
/// Loading, planning and rendering all collect their `concurrentPerform` results here.
public final class Slots<Value: Sendable>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    /// `count` empty slots.
    public init(count: Int) { slots = Array(repeating: nil, count: count) }

    /// Stores slot `i`.
    public func set(_ i: Int, _ value: Value) {
        lock.lock()
        slots[i] = value
        lock.unlock()
    }

    /// Reads slot `i`, which must have been set.
    public func get(_ i: Int) -> Value {
        lock.lock()
        defer { lock.unlock() }
        return slots[i]!
    }

    /// Reads slot `i` (which must have been set) and empties it, so that the value is released
    /// as soon as the caller is done with it.
    public func take(_ i: Int) -> Value {
        lock.lock()
        defer { lock.unlock() }
        let value = slots[i]!
        slots[i] = nil
        return value
    }
}
