/// One quantized feature of an image: which visual word it is and where it lies. Re-ranking uses the
/// geometry to verify matches; the UI draws it.
public struct VisualWord: Sendable, Equatable {
    /// Index of the nearest vocabulary centroid.
    public var word: UInt32
    /// Position in pixels of the image the word came from (for a query region: of the whole query image).
    public var x: Float
    public var y: Float
    /// Characteristic scale in pixels.
    public var scale: Float
    /// Orientation in radians, counter-clockwise as displayed; 0 for upright features.
    public var angle: Float

    public init(word: UInt32, x: Float, y: Float, scale: Float, angle: Float) {
        self.word = word; self.x = x; self.y = y; self.scale = scale; self.angle = angle
    }
}
