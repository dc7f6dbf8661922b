/// A local feature: where it is, how large and how turned, and what it looks like there.
public struct Feature: Sendable, Equatable {
    /// Centre in pixels of the image it was extracted from.
    public var x: Float
    public var y: Float
    /// Characteristic scale s in pixels, a Gaussian sigma: detected SURF 1.2 * box filter size / 9; dense-grid
    /// SURF block width / 20 (the 20s descriptor window fills the block); SIFT OpenCV's keypoint size / 2.
    public var scale: Float
    /// Dominant orientation in radians, counter-clockwise as displayed; 0 for upright features.
    public var angle: Float
    /// Detector response used to keep the strongest features (documented per extractor).
    public var strength: Float
    /// The descriptor, unit length (64 values for SURF, 128 for SIFT).
    public var descriptor: [Float]

    public init(x: Float, y: Float, scale: Float, angle: Float, strength: Float, descriptor: [Float]) {
        self.x = x; self.y = y; self.scale = scale; self.angle = angle; self.strength = strength
        self.descriptor = descriptor
    }
}

/// Turns a one-channel image (values roughly in [0, 1]) into local features.
/// Implementations are deterministic: the same image gives the same features.
public protocol FeatureExtractor: Sendable {
    /// Stable name stored in an index's settings (e.g. "surf", "surf-grid", "sift").
    var name: String { get }
    /// Length of every descriptor this extractor produces.
    var descriptorLength: Int { get }
    func extract(from image: Image) -> [Feature]
}
