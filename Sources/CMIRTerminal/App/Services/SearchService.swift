import CMIRKit

/// The browser's side of the engine: the repository listing, searches of decoded queries, a match's stored
/// words and the representations thumbnails show. Thread-safe; searches run on background threads.
public final class SearchService: Sendable {
    public let engine: Engine
    /// Candidates handed to the re-ranker when re-ranking is on (the paper re-ranks the top 30).
    public static let rerankDepth = 30
    /// Results kept for display; the true match is still found over the whole ranking.
    public static let displayLimit = 100

    public init(engine: Engine) {
        self.engine = engine
    }

    /// Resolves the representations now (call off the main thread), so the first search does not wait.
    public func preload() {
        engine.preload()
    }

    public var repositoryInfo: RepositoryInfo {
        RepositoryInfo(summary: engine.summary, images: engine.images)
    }

    /// Runs one search of the decoded `query` (the image of `search.queryPath`). Throws `CancellationError`
    /// when `isCancelled` turns true between stages.
    func search(_ search: BrowserSearch, query: Image, progress: any ProgressReporter,
                isCancelled: @Sendable () -> Bool) throws -> SearchOutcome {
        let rerank = search.rerank ? Self.rerankDepth : 0
        let request = SearchRequest(.image(query, name: search.queryPath), region: search.region, top: Self.displayLimit,
                                    rerank: rerank)
        return SearchOutcome(try engine.search(request, progress: progress, isCancelled: isCancelled), reranked: rerank > 0)
    }

    /// The stored visual words of a matched repository image, positions in its level-0 pixels (a slide's are
    /// stored in its indexed pixels).
    func words(of match: Match) throws -> [VisualWord] {
        let scale = Float(engine.images.first { $0.id == match.imageID }?.scale ?? 1)
        return try engine.words(ofImage: match.imageID).map { word in
            var placed = word
            placed.x *= scale; placed.y *= scale
            return placed
        }
    }

    /// A picture's representation for its role, stretched for viewing (the `c` layer).
    func representation(of picture: Image, role: ImageRole) throws -> Image {
        let represented = role == .repository ? try engine.representations().repository.represent(picture)
            : try engine.representQuery(picture)
        return represented.percentileStretched(low: 0.01, high: 0.99)
    }
}
