/// Wall times of a search's stages, in seconds.
public struct SearchTimings: Sendable {
    /// Reading and decoding the query file (0 for an image given decoded).
    public var load: Double = 0
    /// Representation, feature extraction and quantization.
    public var analysis: Double = 0
    /// Scoring and ranking every repository image.
    public var firstStage: Double = 0
    public var rerank: Double = 0

    public var total: Double { load + analysis + firstStage + rerank }
}
