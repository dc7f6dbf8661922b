import CMIRKit
import Foundation
import Synchronization

/// Rendered images for the screen, made in the background on both cores and kept in a byte-budgeted
/// cache (keyed by request and box size, so every thumbnail is rendered once). The event loop asks
/// for a frame's images; what is not ready yet is queued, newest frame first, and the loop is woken
/// when it is done. Requests that scrolled out of view before their turn are dropped, and a slide read that is
/// running when a newer frame no longer shows it stops at its next tile.
final class ThumbnailStore: Sendable {
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

    /// What waits for a worker, what is being rendered, what the latest frame shows, and how many workers run.
    private struct Queue {
        var wanted: [Key] = []
        var inFlight: Set<Key> = []
        var shown: Set<Key> = []
        var workers = 0
    }

    private let renderer: ImageRenderer
    private let cache: LRUCache<Key, Result>
    private let queue = Mutex(Queue())
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
        let start = queue.withLock { queue in
            queue.wanted = missing.filter { !queue.inFlight.contains($0) }
            queue.shown = Set(keys)
            let start = max(0, min(maximumWorkers - queue.workers, queue.wanted.count))
            queue.workers += start
            return start
        }
        for _ in 0..<start {
            DispatchQueue.global(qos: .userInitiated).async(group: group) { self.work() }
        }
        return found
    }

    /// The rendered image of a placement if it is in the cache; never queues anything.
    func cached(_ placement: ImagePlacement) -> RenderedImage? {
        if case .ready(let image)? = cache.value(for: Key(placement)) { return image }
        return nil
    }

    /// Drops every queued request and stops running slide reads.
    func cancelQueued() {
        queue.withLock { $0.wanted = []; $0.shown = [] }
    }

    private func work() {
        while true {
            let next: Key? = queue.withLock { queue in
                guard !queue.wanted.isEmpty else { queue.workers -= 1; return nil }
                let key = queue.wanted.removeFirst()
                queue.inFlight.insert(key)
                return key
            }
            guard let key = next else { return }
            let result: Result
            do {
                result = try renderer.render(key.image, columns: key.columns, rows: key.rows) {
                    !self.queue.withLock { $0.shown.contains(key) }
                }.map(Result.ready) ?? .nothing
            } catch is CancellationError {
                // A newer frame came back to it meanwhile: queue it again, as that frame found it in flight.
                queue.withLock { queue in
                    queue.inFlight.remove(key)
                    if queue.shown.contains(key) { queue.wanted.append(key) }
                }
                continue
            } catch {
                result = .failed((error as? CMIRError)?.description ?? "\(error)")
            }
            let cost: Int
            if case .ready(let image) = result { cost = image.byteCount } else { cost = 64 }
            cache.insert(result, for: key, cost: cost)
            _ = queue.withLock { $0.inFlight.remove(key) }
            ready()
        }
    }
}
