import CMIRKit

/// A search the browser asks for: the query file, the region, re-ranking, and an id that pairs the answer
/// (or a cancellation) with it. The app turns it into the engine's `SearchRequest`.
public struct BrowserSearch: Equatable, Sendable {
    public var id: Int
    public var queryPath: String
    /// Query region in query-image pixels; nil for the whole image.
    public var region: PixelRect?
    public var rerank: Bool
    public init(id: Int, queryPath: String, region: PixelRect?, rerank: Bool) {
        self.id = id; self.queryPath = queryPath; self.region = region; self.rerank = rerank
    }
}
