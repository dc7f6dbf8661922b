import CMIRKit
import Foundation

/// Rendered images for the screen, made in the background on both cores and kept in a byte-budgeted
/// cache (keyed by request and box size, so every thumbnail is rendered once). The event loop asks
/// for a frame's images; what is not ready yet is queued, newest frame first, and the loop is woken
/// when it is done. Requests that scrolled out of view before their turn are dropped.
final class ThumbnailStore: @unchecked Sendable {
    enum Result: Sendable {
        case ready(RenderedImage)
        /// Nothing to draw (graphics off, or a box too small for any image).
        case nothing
        case failed(String)
    }

    struct Key: Hashable, Sendable {
        let image: ImageRequest
        let columns: Int
        let rows: Int
        init(_ placement: ImagePlacement) {
            image = placement.image; columns = placement.box.columns; rows = placement.box.rows
        }
    }

    private let renderer: ImageRenderer
    private let cache: LRUCache<Key, Result>
    private let lock = NSLock()
    private var wanted: [Key] = []
    private var inFlight: Set<Key> = []
    private var workers = 0
    private let maximumWorkers: Int
    private let ready: @Sendable () -> Void
    private let group: DispatchGroup

    /// `ready` is called from a worker thread after each finished image; workers run in `group`, so the
    /// app can wait for them before the process exits (the C libraries must not be torn down under them).
    init(renderer: ImageRenderer, group: DispatchGroup, budgetBytes: Int = 64 << 20,
         workers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount), ready: @escaping @Sendable () -> Void) {
        self.renderer = renderer
        self.group = group
        cache = LRUCache(capacity: budgetBytes)
        maximumWorkers = workers
        self.ready = ready
    }

    /// The cached result for each placement (nil: not ready), and queues the missing ones in this order.
    func results(for placements: [ImagePlacement]) -> [Result?] {
        let keys = placements.map(Key.init)
        let found = keys.map { cache.value(for: $0) }
        let missing = zip(keys, found).filter { $0.1 == nil }.map(\.0)
        lock.lock()
        wanted = missing.filter { !inFlight.contains($0) }
        let start = min(maximumWorkers - workers, wanted.count)
        workers += max(0, start)
        lock.unlock()
        for _ in 0..<max(0, start) {
            DispatchQueue.global(qos: .userInitiated).async(group: group) { self.work() }
        }
        return found
    }

    /// The rendered image of a placement if it is in the cache; never queues anything.
    func cached(_ placement: ImagePlacement) -> RenderedImage? {
        if case .ready(let image)? = cache.value(for: Key(placement)) { return image }
        return nil
    }

    /// Drops every queued request; running ones finish.
    func cancelQueued() {
        lock.lock()
        wanted = []
        lock.unlock()
    }

    private func work() {
        while true {
            lock.lock()
            guard !wanted.isEmpty else { workers -= 1; lock.unlock(); return }
            let key = wanted.removeFirst()
            inFlight.insert(key)
            lock.unlock()
            let result: Result
            do {
                result = try renderer.render(key.image, columns: key.columns, rows: key.rows).map(Result.ready) ?? .nothing
            } catch {
                result = .failed((error as? CMIRError)?.description ?? "\(error)")
            }
            let cost: Int
            if case .ready(let image) = result { cost = image.byteCount } else { cost = 64 }
            cache.insert(result, for: key, cost: cost)
            lock.lock()
            inFlight.remove(key)
            lock.unlock()
            ready()
        }
    }
}
