import CMIRKit
@testable import CMIRTerminal
import Foundation
import Synchronization
import Testing

/// The render queue behind the screen's pictures: a slide read that a newer frame no longer shows stops, is not
/// cached, and leaves the worker to the frame the user is on.
@Suite struct ThumbnailStoreTests {
    /// What the slow slide reader saw: the views it started and those it gave up as cancelled.
    final class Reads: Sendable {
        let started = Mutex<[Int]>([])
        let cancelled = Mutex<[Int]>([])
    }

    static func placement(x: Int) -> ImagePlacement {
        ImagePlacement(box: CellRect(column: 0, row: 0, columns: 20, rows: 10),
                       image: ImageRequest(path: "/slides/tma-1.svs", role: .repository,
                                           slide: SlideView(region: PixelRect(x: x, y: 0, width: 400, height: 400), level: 0)))
    }

    /// A reader that takes 3 s per view, asking between "tiles" whether it is still wanted.
    static func store(_ reads: Reads, group: DispatchGroup, ready: @escaping @Sendable () -> Void) -> ThumbnailStore {
        let renderer = ImageRenderer(mode: .sixel, cell: (10, 20), loader: { _, _, _ in Image(width: 1, height: 1, channels: 3) },
                                     slideLoader: { _, view, _, _, _, isCancelled in
            reads.started.withLock { $0.append(view.region.x) }
            for _ in 0..<300 {
                if isCancelled() {
                    reads.cancelled.withLock { $0.append(view.region.x) }
                    throw CancellationError()
                }
                Thread.sleep(forTimeInterval: 0.01)
            }
            return Image(width: 40, height: 40, channels: 3, filledWith: 0.5)
        })
        return ThumbnailStore(renderer: renderer, group: group, workers: 1, ready: ready)
    }

    static func waitUntil(_ condition: () -> Bool) {
        let deadline = Date().addingTimeInterval(20)
        while !condition() && Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
    }

    @Test func aReadTheNewestFrameDoesNotShowStopsAndTheNewViewIsRendered() {
        let reads = Reads(), group = DispatchGroup()
        let store = Self.store(reads, group: group) {}
        let old = Self.placement(x: 0), new = Self.placement(x: 100)

        #expect(store.results(for: [old]).first! == nil)
        Self.waitUntil { reads.started.withLock { $0 } == [0] }
        let asked = Date()
        #expect(store.results(for: [new]).first! == nil, "the user panned on: the new view is queued")
        Self.waitUntil { reads.cancelled.withLock { $0 } == [0] }
        #expect(reads.cancelled.withLock { $0 } == [0], "the old view's read gave up")
        Self.waitUntil { reads.started.withLock { $0 } == [0, 100] }
        #expect(Date().timeIntervalSince(asked) < 1.5, "the one worker moved on to the new view without finishing the old")

        store.cancelQueued()
        group.wait()
        #expect(store.cached(old) == nil, "a cancelled read is not cached as a result")
        #expect(reads.cancelled.withLock { $0 } == [0, 100], "leaving stops the running read too")
    }

    @Test func aViewShownAgainBeforeItsReadNoticesIsRenderedAfterAll() {
        let reads = Reads(), group = DispatchGroup()
        let store = Self.store(reads, group: group) {}
        let view = Self.placement(x: 0), other = Self.placement(x: 100)
        _ = store.results(for: [view])
        Self.waitUntil { reads.started.withLock { $0 } == [0] }
        // Away and straight back: the running read is wanted again and carries on (or is queued again if it had
        // already given up), so the view is rendered once it is done.
        _ = store.results(for: [other])
        _ = store.results(for: [view])
        Self.waitUntil { store.cached(view) != nil }
        #expect(store.cached(view) != nil)
        store.cancelQueued()
        group.wait()
    }
}
