import Foundation

/// A thread-safe least-recently-used cache with a cost budget (entries, or bytes).
public final class LRUCache<Key: Hashable, Value>: @unchecked Sendable {
    private let lock = NSLock()
    private let capacity: Int
    private var entries: [Key: (value: Value, cost: Int, stamp: UInt64)] = [:]
    private var total = 0
    private var clock: UInt64 = 0

    public init(capacity: Int) { self.capacity = capacity }

    public func value(for key: Key) -> Value? {
        lock.lock(); defer { lock.unlock() }
        guard var entry = entries[key] else { return nil }
        clock += 1
        entry.stamp = clock
        entries[key] = entry
        return entry.value
    }

    /// Stores a value; evicts the least recently used entries while the budget is exceeded
    /// (never the entry just stored).
    public func insert(_ value: Value, for key: Key, cost: Int) {
        lock.lock(); defer { lock.unlock() }
        clock += 1
        if let old = entries[key] { total -= old.cost }
        entries[key] = (value, cost, clock)
        total += cost
        while total > capacity, entries.count > 1 {
            guard let oldest = entries.filter({ $0.key != key }).min(by: { $0.value.stamp < $1.value.stamp }) else { break }
            total -= oldest.value.cost
            entries[oldest.key] = nil
        }
    }
}
