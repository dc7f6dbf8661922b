import Synchronization

/// A thread-safe least-recently-used cache with a cost budget (entries, or bytes).
public final class LRUCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entries {
        var values: [Key: (value: Value, cost: Int, stamp: UInt64)] = [:]
        var total = 0
        var clock: UInt64 = 0
    }

    private let capacity: Int
    private let entries = Mutex(Entries())

    public init(capacity: Int) { self.capacity = capacity }

    public func value(for key: Key) -> Value? {
        entries.withLock { entries in
            guard var entry = entries.values[key] else { return nil }
            entries.clock += 1
            entry.stamp = entries.clock
            entries.values[key] = entry
            return entry.value
        }
    }

    /// Stores a value; evicts the least recently used entries while the budget is exceeded
    /// (never the entry just stored).
    public func insert(_ value: Value, for key: Key, cost: Int) {
        entries.withLock { entries in
            entries.clock += 1
            if let old = entries.values[key] { entries.total -= old.cost }
            entries.values[key] = (value, cost, entries.clock)
            entries.total += cost
            while entries.total > capacity, entries.values.count > 1 {
                guard let oldest = entries.values.filter({ $0.key != key }).min(by: { $0.value.stamp < $1.value.stamp })
                else { break }
                entries.total -= oldest.value.cost
                entries.values[oldest.key] = nil
            }
        }
    }
}
