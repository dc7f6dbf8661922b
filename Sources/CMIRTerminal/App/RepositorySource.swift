import CMIRKit

/// Where the browser's repository comes from.
public enum RepositorySource: Sendable {
    /// An index that is open already.
    case ready(SearchService)
    /// An index to build (or open) first, in the background with a progress display: the demo's first start.
    case prepare(@Sendable (_ progress: any ProgressReporter, _ isCancelled: @escaping @Sendable () -> Bool) throws -> SearchService)
}
