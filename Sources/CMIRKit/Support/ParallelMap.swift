import Foundation

/// Runs `body` for 0..<count on all cores (Dispatch's concurrentPerform) and returns the results in index
/// order, each a success or the error it threw, so one bad item never stops the others.
func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) throws -> T) -> [Result<T, any Error>] {
    let slots = ResultSlots<T>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { i in
        slots.store(Result { try body(i) }, at: i)
    }
    return slots.results()
}

/// Write-once result slots shared by the workers; each index is written by exactly one worker, and the
/// lock publishes the writes to the reader.
private final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private var slots: [Result<T, any Error>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ result: Result<T, any Error>, at index: Int) {
        lock.lock(); slots[index] = result; lock.unlock()
    }

    func results() -> [Result<T, any Error>] {
        lock.lock(); defer { lock.unlock() }
        return slots.map { $0! }
    }
}
