import CMIRKit

/// The open repository: what the browser shows before any search, as the engine describes it.
public struct RepositoryInfo: Equatable, Sendable {
    public var summary: IndexSummary
    /// The indexed images, ordered by name.
    public var images: [IndexedImage]
    public init(summary: IndexSummary, images: [IndexedImage]) {
        self.summary = summary; self.images = images
    }
}
