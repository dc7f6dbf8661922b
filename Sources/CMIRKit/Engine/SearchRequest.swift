/// One search of an index: the query (a file, or an image already decoded, with its name), the part of it to
/// search, and how to rank.
public struct SearchRequest: Sendable {
    public enum Query: Sendable {
        /// An image file, read by the engine.
        case file(path: String)
        /// An image the caller has decoded already; `name` pairs it with its true match (`TrueMatchRule`).
        case image(Image, name: String)
        /// A query `Engine.analyze` made already, so that several searches share one analysis (the benchmarks).
        case features(QueryFeatures, name: String)
    }

    public var query: Query
    /// The region of the query image to search, in its pixels; nil for the whole image.
    public var region: PixelRect?
    /// How many results to return (the true match is looked for over the whole ranking).
    public var top: Int
    /// How many of the first stage's best the re-ranker re-orders; 0 for none.
    public var rerank: Int
    public var scoring: FirstStageScoring
    /// Microns per pixel of the query, when known: it is rescaled to the repository's before it is represented.
    public var micronsPerPixel: Double?

    public init(_ query: Query, region: PixelRect? = nil, top: Int = 10, rerank: Int = 0, scoring: FirstStageScoring = .centres,
                micronsPerPixel: Double? = nil) {
        self.micronsPerPixel = micronsPerPixel
        self.query = query
        self.region = region
        self.top = top
        self.rerank = rerank
        self.scoring = scoring
    }

    /// A search for the image file at `path`.
    public init(path: String, region: PixelRect? = nil, top: Int = 10, rerank: Int = 0, scoring: FirstStageScoring = .centres,
                micronsPerPixel: Double? = nil) {
        self.init(.file(path: path), region: region, top: top, rerank: rerank, scoring: scoring, micronsPerPixel: micronsPerPixel)
    }

    /// A search for a decoded image; without a `name` it has no true match.
    public init(image: Image, name: String = "", region: PixelRect? = nil, top: Int = 10, rerank: Int = 0,
                scoring: FirstStageScoring = .centres) {
        self.init(.image(image, name: name), region: region, top: top, rerank: rerank, scoring: scoring)
    }

    /// The query's name: the file's path, or the name given with the image.
    public var queryName: String {
        switch query {
        case .file(let path): path
        case .image(_, let name), .features(_, let name): name
        }
    }
}
