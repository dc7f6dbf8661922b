import CMIRKit

/// A progress reporter that posts to the mailbox as browser events.
struct MailboxProgress: ProgressReporter {
    let mailbox: Mailbox
    let event: @Sendable (ProgressSnapshot) -> BrowserEvent

    func report(stage: String, done: Int, total: Int, detail: String) {
        mailbox.post(event(ProgressSnapshot(stage: stage, done: done, total: total, detail: detail)))
    }
}
