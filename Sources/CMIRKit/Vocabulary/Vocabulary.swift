/// The visual words: k-means centroids of descriptors. Quantizing a descriptor means finding its nearest
/// centroid; this is the hot path of both indexing and querying, done exactly as blocked matrix products
/// (faster here than a kd-tree, see bench/RESULTS.md).
public struct Vocabulary: Sendable, Equatable {
    public let centroids: DescriptorMatrix
    /// The centroids with their norms, computed once for every search of this vocabulary.
    private let search: NearestCentroidSearch

    public init(centroids: DescriptorMatrix) {
        precondition(centroids.rows > 0, "a vocabulary needs at least one word")
        self.centroids = centroids
        self.search = NearestCentroidSearch(centroids: centroids)
    }

    public static func == (a: Vocabulary, b: Vocabulary) -> Bool { a.centroids == b.centroids }

    public var size: Int { centroids.rows }
    public var dimension: Int { centroids.columns }

    /// Trains a vocabulary of `size` words (fewer when the descriptors have fewer distinct values).
    public static func train(_ descriptors: DescriptorMatrix, size: Int, seed: UInt64,
                             progress: (_ iteration: Int, _ maximum: Int) -> Void = { _, _ in }) -> Vocabulary {
        Vocabulary(centroids: KMeans(clusterCount: size, seed: seed).train(descriptors, progress: progress))
    }

    /// The nearest word of every row of `descriptors`.
    public func quantize(_ descriptors: DescriptorMatrix) -> [UInt32] {
        search.assign(descriptors).indices
    }

    /// The `count` nearest words of every row, nearest first: more than one word per feature lets a
    /// re-ranker pair features whose descriptors fell on either side of a word boundary (common across
    /// modalities, where the same structure gives similar but not equal descriptors).
    public func nearestWords(_ descriptors: DescriptorMatrix, count: Int) -> [[UInt32]] {
        search.nearest(descriptors, count: count)
    }
}
