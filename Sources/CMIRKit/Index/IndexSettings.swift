/// How an index's features and vocabulary were made. Stored in the index beside its representation; a later
/// `cmir index` with different settings rebuilds the vocabulary and every image, with the same settings it only
/// processes new or changed images.
public struct IndexSettings: Sendable, Equatable, Codable {
    /// Feature extractor name (a `FeatureExtractorKind` raw value).
    public var features: String
    /// Requested number of visual words; fewer when the training set has fewer distinct descriptors.
    public var vocabularySize: Int
    /// Seed of every random choice of the build (k-means subsample and seeding).
    public var seed: UInt64

    /// Visual words when `--vocabulary` is not given (docs/decisions.md, "Vocabulary size").
    public static let defaultVocabularySize = 8000

    public init(features: String, vocabularySize: Int = IndexSettings.defaultVocabularySize, seed: UInt64 = 1) {
        self.features = features
        self.vocabularySize = vocabularySize
        self.seed = seed
    }
}
