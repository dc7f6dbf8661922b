/// How a whole-slide image was indexed: at which pyramid level and scale, and how much of it is tissue.
public struct SlideDetails: Sendable, Equatable, Codable {
    /// The pyramid level the tiles were read from.
    public var level: Int
    /// Level-0 pixels per indexed pixel (the level's downsample, times any resampling to the index's pixel size).
    public var scale: Double
    /// Microns per level-0 pixel, when the slide or the user says.
    public var micronsPerPixel: Double?
    /// Fraction of the slide's area found to be tissue (what was indexed).
    public var tissueFraction: Double
    /// Side of the square cells the slide's features are filed in, in indexed pixels.
    public var cell: Int

    /// The extent, in indexed pixels, of a slide of `width` x `height` level-0 pixels.
    func indexedSize(width: Int, height: Int) -> (width: Int, height: Int) {
        (Int((Double(width) / scale).rounded(.up)), Int((Double(height) / scale).rounded(.up)))
    }

    /// Microns per indexed pixel, when known.
    public var indexedMicronsPerPixel: Double? { micronsPerPixel.map { $0 * scale } }

    public init(level: Int, scale: Double, micronsPerPixel: Double?, tissueFraction: Double, cell: Int) {
        self.level = level
        self.scale = scale
        self.micronsPerPixel = micronsPerPixel
        self.tissueFraction = tissueFraction
        self.cell = cell
    }
}
