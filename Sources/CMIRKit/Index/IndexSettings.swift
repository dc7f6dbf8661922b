/// How an index was built. Stored in the index; a later `cmir index` with different settings rebuilds
/// the vocabulary and every image, with the same settings it only processes new or changed images.
public struct IndexSettings: Sendable, Equatable, Codable {
    /// Feature extractor name (see `FeatureExtractors`).
    public var features: String
    /// Requested number of visual words; fewer when the training set has fewer distinct descriptors.
    public var vocabularySize: Int
    /// Seed of every random choice of the build (k-means subsample and seeding).
    public var seed: UInt64

    /// Visual words when `--vocabulary` is not given (chosen by measurement, see bench/RESULTS.md).
    public static let defaultVocabularySize = 1000
    /// Feature extractor when `--features` is not given.
    public static let defaultFeatures = "sift"

    public init(features: String = IndexSettings.defaultFeatures,
                vocabularySize: Int = IndexSettings.defaultVocabularySize, seed: UInt64 = 1) {
        self.features = features
        self.vocabularySize = vocabularySize
        self.seed = seed
    }
}
