import Synchronization

/// Counts finished work items from many threads and reports the running count, so parallel work
/// (`ParallelMap`) still shows a monotonic progress bar.
final class ProgressCounter: Sendable {
    private let stage: String
    private let total: Int
    private let progress: any ProgressReporter
    private let done = Mutex(0)

    init(stage: String, total: Int, progress: any ProgressReporter) {
        self.stage = stage
        self.total = total
        self.progress = progress
    }

    func step(detail: String) {
        done.withLock { done in
            done += 1
            progress.report(stage: stage, done: done, total: total, detail: detail)
        }
    }
}
