/// A repository image as the index knows it.
public struct IndexedImage: Sendable, Equatable {
    /// Row id in the index; stable while the image is unchanged.
    public let id: Int64
    /// File name with extension (what the user sees).
    public let name: String
    /// Absolute path when indexed.
    public let path: String
    public let width: Int
    public let height: Int
    /// Number of visual words (features) stored for it.
    public let wordCount: Int

    /// The file name without extension: the key that pairs a query with its true match.
    public var stem: String { ImageDirectory.stem(of: name) }
}

/// What an index holds, for status lines and `cmir` output.
public struct IndexSummary: Sendable, Equatable {
    public let imageCount: Int
    /// Identifier of the representation the repository was indexed with ("raw", "comir:<hash>").
    public let representation: String
    /// Human-readable form of the representation ("raw grayscale").
    public let representationSummary: String
    /// Model file the representation came from, when there is one.
    public let modelPath: String?
    public let settings: IndexSettings
    /// Actual number of visual words (may be below the requested size on tiny repositories).
    public let vocabularySize: Int
}

/// The region of a repository image where a query was found (filled by re-ranking).
public struct MatchRegion: Sendable, Equatable, Codable {
    /// Top-left corner, size and rotation (degrees, counter-clockwise as displayed) of the query's
    /// footprint in the repository image.
    public var x: Double, y: Double, width: Double, height: Double, angle: Double
    public init(x: Double, y: Double, width: Double, height: Double, angle: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height; self.angle = angle
    }
}

/// One ranked result of a search.
public struct Match: Sendable, Equatable, Codable {
    /// 1-based position in the ranking.
    public var rank: Int
    public var name: String
    public var path: String
    /// The first stage's score (`FirstStageScoring`: mean vote margin per query feature, or the tf-idf cosine in
    /// [0, 1]), or the re-ranker's score when it re-ordered.
    public var score: Double
    /// Where the query would lie in the image, by the re-ranker's best geometry; nil unless a re-ranker placed it.
    public var region: MatchRegion?
    /// Whether the evidence for `region` is more than chance gives a wrong image (the fast re-ranker's agreeing
    /// pairs): only a verified region is a claim worth showing a user.
    public var verified: Bool
    /// Id of the image in the index (for `Engine.words(ofImage:)`).
    public var imageID: Int64

    public init(rank: Int, name: String, path: String, score: Double, region: MatchRegion? = nil, verified: Bool = false,
                imageID: Int64) {
        self.rank = rank; self.name = name; self.path = path; self.score = score; self.region = region
        self.verified = verified; self.imageID = imageID
    }
}

/// A query after representation, feature extraction and quantization: what the search scores, and what
/// the UI draws over the query image.
public struct QueryFeatures: Sendable {
    /// Words in the coordinates of the whole query image (a region's offset already added).
    public let words: [VisualWord]
    /// The descriptors the words were quantized from, one row per word (re-rankers match them against the
    /// stored descriptors or build their own vocabulary from them).
    public let descriptors: DescriptorMatrix
    /// The region of the query image that was searched, or nil for the whole image.
    public let region: PixelRect?
    /// Size of the query image (the whole image, not the region).
    public let imageWidth: Int
    public let imageHeight: Int

    /// The searched part of the query image: its centre and size in query pixels (pixel centres at whole
    /// coordinates, so the centre of a 0..<w span is (w - 1) / 2).
    public var footprint: (centreX: Double, centreY: Double, width: Double, height: Double) {
        if let region {
            let x0 = Double(max(0, region.x)), y0 = Double(max(0, region.y))
            let x1 = Double(min(imageWidth, region.x + region.width)), y1 = Double(min(imageHeight, region.y + region.height))
            return ((x0 + x1 - 1) / 2, (y0 + y1 - 1) / 2, x1 - x0, y1 - y0)
        }
        return (Double(imageWidth - 1) / 2, Double(imageHeight - 1) / 2, Double(imageWidth), Double(imageHeight))
    }
}

/// Refines the top of the first-stage ranking, e.g. by geometric verification of matched features. Plugged into
/// `Engine.reranker`; `search(..., rerank: K)` hands it the first K candidates.
public protocol Reranker: Sendable {
    /// Returns the candidates re-ordered (ranks renumbered by the engine), scores and regions filled as the
    /// re-ranker sees them.
    func rerank(query: QueryFeatures, candidates: [Match], context: RerankContext) throws -> [Match]
}

/// What `Engine.buildIndex` did with every file of the folder.
public struct IndexReport: Sendable {
    public struct Failure: Sendable, Equatable {
        public let path: String
        public let reason: String
    }
    /// Images that were (re-)indexed in this run.
    public var indexed: [String] = []
    /// Images already in the index with the same content hash: left untouched.
    public var unchanged: [String] = []
    /// Images dropped from the index because their file is gone.
    public var removed: [String] = []
    /// Files that could not be indexed, with the reason; never fatal for the rest.
    public var failed: [Failure] = []
    /// Whether this run (re)built the vocabulary.
    public var vocabularyBuilt = false
    public var vocabularySize = 0
}

/// The trained model a representation came from, recorded in an index's settings.
public struct ModelIdentity: Sendable, Equatable {
    public var path: String
    /// Content hash of the model file.
    public var hash: String
    public init(path: String, hash: String) { self.path = path; self.hash = hash }
}

/// How the first stage ranks the whole repository, before any re-ranking.
public enum FirstStageScoring: String, Sendable, CaseIterable {
    /// Votes of each query feature's nearest stored descriptors (`NeighbourVoting`): the default, far better
    /// across modalities, as good within one on the 31 real images; slower and weaker than tf-idf among
    /// thousands of crops of the same images (see `NeighbourVoting`).
    case votes
    /// Cosine similarity of tf-idf weighted visual-word histograms: the paper's recipe (MATLAB's
    /// retrieveImages).
    case tfidf
}
