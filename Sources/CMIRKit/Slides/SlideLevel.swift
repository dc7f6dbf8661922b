/// One level of a slide's pyramid: its size in pixels and how many level-0 pixels one of its pixels spans.
public struct SlideLevel: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// Level-0 pixels per pixel of this level, as OpenSlide reports it (1 for level 0).
    public let downsample: Double

    public init(width: Int, height: Int, downsample: Double) {
        self.width = width
        self.height = height
        self.downsample = downsample
    }
}
