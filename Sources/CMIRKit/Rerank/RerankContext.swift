/// What the engine lends a re-ranker about its repository.
public struct RerankContext: Sendable {
    /// Inverse document frequency of every visual word (rare words are stronger evidence).
    public let idf: [Float]
    /// The width and height of a candidate: a whole image, or the window of a slide that was scored.
    public let extentOf: @Sendable (Match) -> (width: Int, height: Int)
    /// The stored words of a candidate and their descriptors (a row per word), positions relative to its extent:
    /// from memory when the first stage holds them, else from the index file.
    public let featuresOf: @Sendable (Match) throws -> (words: [VisualWord], descriptors: DescriptorMatrix)
    /// The index's feature extractor and build settings, for re-rankers that extract features again.
    public let extractor: any FeatureExtractor
    public let settings: IndexSettings

    public init(idf: [Float], extentOf: @escaping @Sendable (Match) -> (width: Int, height: Int),
                featuresOf: @escaping @Sendable (Match) throws -> (words: [VisualWord], descriptors: DescriptorMatrix),
                extractor: any FeatureExtractor, settings: IndexSettings) {
        self.idf = idf
        self.extentOf = extentOf
        self.featuresOf = featuresOf
        self.extractor = extractor
        self.settings = settings
    }
}
