/// How an index was built. Stored in the index; a later `cmir index` with different settings rebuilds
/// the vocabulary and every image, with the same settings it only processes new or changed images.
public struct IndexSettings: Sendable, Equatable, Codable {
    /// Feature extractor name (see `FeatureExtractors`).
    public var features: String
    /// Requested number of visual words; fewer when the training set has fewer distinct descriptors.
    public var vocabularySize: Int
    /// Seed of every random choice of the build (k-means subsample and seeding).
    public var seed: UInt64

    /// Visual words when `--vocabulary` is not given. Measured on bf-shg with development queries (seed 1,
    /// SIFT): 250 / 500 / 1000 / 2000 / 4000 words gave 160 px patch Acc@1 of 35 / 60 / 85 / 95 / 100 % (BF)
    /// and 65 / 75 / 90 / 95 / 100 % (SHG); 2000 is the smallest size at 95 % for both; 4000 reaches 100 % but
    /// nearly doubles the indexing time (k-means and quantization grow with the words). See bench/RESULTS.md.
    public static let defaultVocabularySize = 2000
    /// Feature extractor when `--features` is not given: the one that holds under rotation. On rotated and
    /// shifted full-size queries (development seed 1, 1000 words) SIFT found 100 % of BF and SHG at rank 1,
    /// detected oriented SURF 75 % (BF) and 100 % (SHG), the oriented SURF grid 30 % / 75 %.
    public static let defaultFeatures = "sift"

    public init(features: String = IndexSettings.defaultFeatures,
                vocabularySize: Int = IndexSettings.defaultVocabularySize, seed: UInt64 = 1) {
        self.features = features
        self.vocabularySize = vocabularySize
        self.seed = seed
    }
}
