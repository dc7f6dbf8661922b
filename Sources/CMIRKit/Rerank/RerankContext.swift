/// What the engine lends a re-ranker about its repository.
public struct RerankContext: Sendable {
    /// Inverse document frequency of every visual word (rare words are stronger evidence).
    public let idf: [Float]
    /// The repository images by id (sizes, paths).
    public let images: [Int64: IndexedImage]
    /// The stored words of a repository image, by image id.
    public let wordsOf: @Sendable (Int64) throws -> [VisualWord]
    /// The stored descriptors of a repository image (a row per word of `wordsOf`), for exact feature matching.
    public let descriptorsOf: @Sendable (Int64) throws -> DescriptorMatrix
    /// The query's `count` nearest visual words per feature, nearest first (`Vocabulary.nearestWords`), for
    /// re-rankers that assign a query feature to more than its nearest word; served from the first stage's
    /// search when it already looked as far, so the re-ranker does not repeat it.
    public let queryNearestWords: @Sendable (_ count: Int) -> [[UInt32]]
    /// The index's feature extractor and build settings, for re-rankers that extract features again.
    public let extractor: any FeatureExtractor
    public let settings: IndexSettings

    public init(idf: [Float], images: [Int64: IndexedImage], wordsOf: @escaping @Sendable (Int64) throws -> [VisualWord],
                descriptorsOf: @escaping @Sendable (Int64) throws -> DescriptorMatrix,
                queryNearestWords: @escaping @Sendable (_ count: Int) -> [[UInt32]],
                extractor: any FeatureExtractor, settings: IndexSettings) {
        self.descriptorsOf = descriptorsOf
        self.queryNearestWords = queryNearestWords
        self.idf = idf
        self.images = images
        self.wordsOf = wordsOf
        self.extractor = extractor
        self.settings = settings
    }
}
