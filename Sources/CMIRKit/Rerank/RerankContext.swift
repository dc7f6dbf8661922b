/// What the engine lends a re-ranker about its repository.
public struct RerankContext: Sendable {
    /// Inverse document frequency of every visual word (rare words are stronger evidence).
    public let idf: [Float]
    /// The repository images by id (sizes, paths).
    public let images: [Int64: IndexedImage]
    /// The stored words of a repository image and their descriptors (a row per word), by image id: from memory
    /// when the first stage holds them, else from the index file.
    public let featuresOf: @Sendable (Int64) throws -> (words: [VisualWord], descriptors: DescriptorMatrix)
    /// The index's feature extractor and build settings, for re-rankers that extract features again.
    public let extractor: any FeatureExtractor
    public let settings: IndexSettings

    public init(idf: [Float], images: [Int64: IndexedImage],
                featuresOf: @escaping @Sendable (Int64) throws -> (words: [VisualWord], descriptors: DescriptorMatrix),
                extractor: any FeatureExtractor, settings: IndexSettings) {
        self.idf = idf
        self.images = images
        self.featuresOf = featuresOf
        self.extractor = extractor
        self.settings = settings
    }
}
