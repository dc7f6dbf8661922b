import Foundation

/// Index-ordered parallel loops over the active cores. Each index writes only its own slot, so the result is the
/// same, in the same order, whatever the scheduling: parallel work stays deterministic.
enum ParallelMap {
    /// Threads the loops spread over: one per active core.
    static let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Contiguous chunks per core: enough to balance uneven work, few enough to keep dispatch overhead low.
    private static let chunksPerCore = 8

    /// Calls `body` with `pieces` contiguous ranges covering 0..<count (fewer when count is smaller), each range
    /// one parallel task; one piece runs on the calling thread. For work units the caller sizes itself, such as
    /// one per worker for an element-wise loop.
    static func forEachRange(_ count: Int, pieces: Int, _ body: (Range<Int>) -> Void) {
        let pieces = min(count, pieces)
        guard pieces > 1 else {
            if pieces == 1 { body(0..<count) }
            return
        }
        // Safe: concurrentPerform returns only after every iteration ran, and iterations touch disjoint ranges.
        nonisolated(unsafe) let body = body
        DispatchQueue.concurrentPerform(iterations: pieces) { piece in
            body((piece * count / pieces)..<((piece + 1) * count / pieces))
        }
    }

    /// Calls `body` for every index in 0..<count, spread over the cores in contiguous chunks.
    static func forEach(_ count: Int, _ body: (Int) -> Void) {
        forEachRange(count, pieces: workers * chunksPerCore) { range in
            for index in range { body(index) }
        }
    }

    /// `transform` of every index in 0..<count, in index order.
    static func map<T>(_ count: Int, _ transform: (Int) -> T) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let base = buffer.baseAddress
            forEach(count) { index in (base! + index).initialize(to: transform(index)) }
            initialized = count
        }
    }

    /// A row-major `count` x `width` table whose row r is written by `fill(r, row)`, rows in parallel.
    static func rows(count: Int, width: Int, _ fill: (Int, UnsafeMutableBufferPointer<Float>) -> Void) -> [Float] {
        var table = [Float](repeating: 0, count: count * width)
        table.withUnsafeMutableBufferPointer { all in
            let base = all.baseAddress
            forEach(count) { row in fill(row, UnsafeMutableBufferPointer(start: base! + row * width, count: width)) }
        }
        return table
    }

    /// `body` of every index in 0..<count, in index order, each a success or the error it threw, so one bad
    /// item (an unreadable image) never stops the others.
    static func results<T>(_ count: Int, _ body: (Int) throws -> T) -> [Result<T, any Error>] {
        map(count) { index in Result { try body(index) } }
    }

    /// `results`, with the items started one at a time as threads free up, costliest (by `cost`) first: when items
    /// differ much in cost, the last to finish are then small ones rather than a costly one alone on one core
    /// while the others idle. Results stay in index order.
    static func results<T>(_ count: Int, costliestFirst cost: (Int) -> Double, _ body: (Int) throws -> T)
        -> [Result<T, any Error>] {
        let order = startOrder(costs: (0..<count).map(cost))
        var slots = [Result<T, any Error>?](repeating: nil, count: count)
        slots.withUnsafeMutableBufferPointer { slots in
            let base = slots.baseAddress
            forEachRange(count, pieces: count) { range in
                for position in range { (base! + order[position]).pointee = Result { try body(order[position]) } }
            }
        }
        return slots.map { $0! }
    }

    /// The indices of `costs`, costliest first, ties in index order.
    static func startOrder(costs: [Double]) -> [Int] {
        costs.indices.sorted { (costs[$0], $1) > (costs[$1], $0) }
    }
}
