import Synchronization

/// Where background work (searches, the index build, thumbnail rendering) leaves its news for the
/// event loop: events queue up under a lock and one byte on the wake-up pipe says there is something.
/// Progress reports replace the previous unread report of the same kind, so a fast reporter cannot
/// flood the loop.
final class Mailbox: Sendable {
    private let events = Mutex<[BrowserEvent]>([])
    private let wake: WakeUpPipe

    init(wake: WakeUpPipe) { self.wake = wake }

    func post(_ event: BrowserEvent) {
        events.withLock { events in
            if let last = events.last, Self.isProgress(last), Self.isProgress(event), Self.sameSource(last, event) {
                events[events.count - 1] = event
            } else {
                events.append(event)
            }
        }
        wake.wake(.backgroundWork)
    }

    /// Only wakes the loop (a thumbnail finished: the next frame picks it up from the cache).
    func nudge() { wake.wake(.backgroundWork) }

    func take() -> [BrowserEvent] {
        events.withLock { events in
            defer { events = [] }
            return events
        }
    }

    private static func isProgress(_ event: BrowserEvent) -> Bool {
        switch event {
        case .searchProgress, .preparationProgress: true
        default: false
        }
    }

    private static func sameSource(_ a: BrowserEvent, _ b: BrowserEvent) -> Bool {
        switch (a, b) {
        case let (.searchProgress(x, _), .searchProgress(y, _)): x == y
        case (.preparationProgress, .preparationProgress): true
        default: false
        }
    }
}
