/// What a search found.
public struct SearchResult: Sendable {
    /// The first `top` of the ranking, best first.
    public let matches: [Match]
    /// The true match of the query (`TrueMatchRule`) wherever it ranked, nil when no repository image pairs with it.
    public let trueMatch: Match?
    /// The query's features, in the coordinates of the whole query image (for overlays and localisation).
    public let query: QueryFeatures
    /// Wall time of each stage, in seconds.
    public let timings: SearchTimings
    /// The factor the query was resized by to the repository's pixel size; nil when either pixel size is unknown
    /// (equal pixel sizes are then assumed).
    public let queryScale: Double?
}
