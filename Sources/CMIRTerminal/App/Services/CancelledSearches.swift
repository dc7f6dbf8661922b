import Synchronization

/// Ids of searches the user cancelled (read by the background thread between stages).
final class CancelledSearches: Sendable {
    private let cancelled = Mutex<(ids: Set<Int>, all: Bool)>(([], false))

    func cancel(_ id: Int) { cancelled.withLock { _ = $0.ids.insert(id) } }
    /// Everything, past and future: the browser is closing.
    func cancelAll() { cancelled.withLock { $0.all = true } }
    func contains(_ id: Int) -> Bool { cancelled.withLock { $0.all || $0.ids.contains(id) } }
}
