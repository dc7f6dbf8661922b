import CMIRKit

/// What a finished search returns to the browser: the engine's matches, true match and query words.
public struct SearchOutcome: Equatable, Sendable {
    /// The best matches, best first (the engine's ranking, cut to a display limit).
    public var matches: [Match]
    /// The query's true match (`TrueMatchRule`) wherever it ranked; nil when no repository image pairs with it.
    public var trueMatch: Match?
    /// The query's visual words in query-image coordinates, for the word overlay.
    public var queryWords: [VisualWord]
    /// Size of the whole query image, in its pixels.
    public var queryWidth: Int, queryHeight: Int
    public var seconds: Double
    /// Whether re-ranking ran.
    public var reranked: Bool

    public init(matches: [Match], trueMatch: Match?, queryWords: [VisualWord], queryWidth: Int, queryHeight: Int,
                seconds: Double, reranked: Bool) {
        self.matches = matches; self.trueMatch = trueMatch; self.queryWords = queryWords
        self.queryWidth = queryWidth; self.queryHeight = queryHeight
        self.seconds = seconds; self.reranked = reranked
    }

    init(_ result: SearchResult, reranked: Bool) {
        self.init(matches: result.matches, trueMatch: result.trueMatch, queryWords: result.query.words,
                  queryWidth: result.query.imageWidth, queryHeight: result.query.imageHeight,
                  seconds: result.timings.total, reranked: reranked)
    }
}
