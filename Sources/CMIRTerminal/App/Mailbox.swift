import CMIRKit
import Foundation

/// Where background work (searches, the index build, thumbnail rendering) leaves its news for the
/// event loop: events queue up under a lock and one byte on the wake-up pipe says there is something.
/// Progress reports replace the previous unread report of the same kind, so a fast reporter cannot
/// flood the loop.
final class Mailbox: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [BrowserEvent] = []
    private let wake: WakeUpPipe

    init(wake: WakeUpPipe) { self.wake = wake }

    func post(_ event: BrowserEvent) {
        lock.lock()
        if let last = events.last, Self.isProgress(last), Self.isProgress(event), Self.sameSource(last, event) {
            events[events.count - 1] = event
        } else {
            events.append(event)
        }
        lock.unlock()
        wake.wake(.backgroundWork)
    }

    /// Only wakes the loop (a thumbnail finished: the next frame picks it up from the cache).
    func nudge() { wake.wake(.backgroundWork) }

    func take() -> [BrowserEvent] {
        lock.lock(); defer { lock.unlock() }
        let taken = events
        events = []
        return taken
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

/// A progress reporter that posts to the mailbox as browser events.
struct MailboxProgress: ProgressReporter {
    let mailbox: Mailbox
    let event: @Sendable (ProgressSnapshot) -> BrowserEvent

    func report(stage: String, done: Int, total: Int, detail: String) {
        mailbox.post(event(ProgressSnapshot(stage: stage, done: done, total: total, detail: detail)))
    }
}
