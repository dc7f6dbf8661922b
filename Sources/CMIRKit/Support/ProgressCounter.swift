import Foundation

/// Counts finished work items from many threads and reports the running count, so parallel work
/// (parallelMap) still shows a monotonic progress bar.
final class ProgressCounter: @unchecked Sendable {
    private let stage: String
    private let total: Int
    private let progress: any ProgressReporter
    private var done = 0
    private let lock = NSLock()

    init(stage: String, total: Int, progress: any ProgressReporter) {
        self.stage = stage
        self.total = total
        self.progress = progress
    }

    func step(detail: String) {
        lock.lock(); defer { lock.unlock() }
        done += 1
        progress.report(stage: stage, done: done, total: total, detail: detail)
    }
}
