/// Where long operations (indexing, training, evaluation) say how far they are. The CLI draws a progress
/// bar on stderr; the terminal UI shows it in its status line. Implementations must be thread-safe.
public protocol ProgressReporter: Sendable {
    /// `done` of `total` units of `stage` are finished; `detail` is a short free-form note (may be empty).
    func report(stage: String, done: Int, total: Int, detail: String)
}

/// Reports nothing: for tests and library callers that do not care.
public struct SilentProgress: ProgressReporter {
    public init() {}
    public func report(stage: String, done: Int, total: Int, detail: String) {}
}
