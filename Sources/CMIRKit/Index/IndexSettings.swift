/// How an index was built. Stored in the index; a later `cmir index` with different settings rebuilds
/// the vocabulary and every image, with the same settings it only processes new or changed images.
public struct IndexSettings: Sendable, Equatable, Codable {
    /// Feature extractor name (a `FeatureExtractorKind` raw value).
    public var features: String
    /// Requested number of visual words; fewer when the training set has fewer distinct descriptors.
    public var vocabularySize: Int
    /// Seed of every random choice of the build (k-means subsample and seeding).
    public var seed: UInt64

    /// Visual words when `--vocabulary` is not given. Measured on bf-shg with development query sets (seeds
    /// 1 and 3, never the reported seed), detected SURF: Acc@1 of 160 px patch queries rose with the words
    /// (BF / SHG, seed 1: 1000 words 75 / 80 %, 2000: 80 / 80 %, 4000: 90 / 95 %, 8000: 95 / 100 %) and
    /// levels off beyond (6000 and 12000 words within one query of 8000). At 8000 words indexing all 31
    /// images took 13 s (BF and SHG) on the shared, busy 2-core machine and a full-size query 156 ms (p50).
    /// With RootSIFT across modalities (the 16 sets of `defaultFeatures`), 16000 words gave 830 / 1390
    /// against 825 / 1420 at 8000.
    public static let defaultVocabularySize = 8000
    /// Feature extractor when `--features` is not given: RootSIFT (OpenCV's SIFT keypoints, RootSIFT
    /// descriptors) on a learned representation, detected SURF on raw images.
    ///
    /// Across modalities (the shipped CoMIR model, 8000 words, votes, no re-ranking; 16 development query sets:
    /// seeds 1, 3, 4 and 5 of `cmir make-queries`, full-size and 160 px patches, both directions, never the
    /// reported seed; 320 queries), sums of the sets' Acc@1 / Acc@10 points: rootsift 825 / 1420, sift
    /// 775 / 1375, detected SURF 605 / 1245, SURF with signed square-root descriptors 690 / 1260. RootSIFT's
    /// mean Acc@10 over the four seeds: full-size SHG -> BF 96 %, BF -> SHG 99 % (SURF 85 and 85 %); patches
    /// 74 and 86 % (SURF 68 and 74 %). Within one modality both find every true image (bench/RESULTS.md).
    /// On raw images RootSIFT finds about 3x SURF's features (4547 per 512 px BF image against 1366), which
    /// bench/run measured as a 4x larger index, a full-size raw query of 0.94 s against 0.14 s, and among
    /// 10,000 distractor crops BF Acc@1 30 % against SURF's 65 % (commits fa7ffa4 and 43e07c6).
    public static func defaultFeatures(for representation: any Representation) -> String {
        (representation is RawRepresentation ? FeatureExtractorKind.surf : .rootSIFT).rawValue
    }

    public init(features: String,
                vocabularySize: Int = IndexSettings.defaultVocabularySize, seed: UInt64 = 1) {
        self.features = features
        self.vocabularySize = vocabularySize
        self.seed = seed
    }
}
