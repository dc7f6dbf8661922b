import CMIRKit

/// What the viewer knows of an open slide: its name, level-0 size, pyramid and pixel size.
public struct ViewedSlide: Equatable, Sendable {
    public var path: String
    public var name: String
    public var width: Int
    public var height: Int
    /// Level-0 pixels per pixel of each level, level 0 first.
    public var downsamples: [Double]
    /// Microns per level-0 pixel, when the slide records it.
    public var micronsPerPixel: Double?

    public init(path: String, name: String, width: Int, height: Int, downsamples: [Double], micronsPerPixel: Double?) {
        self.path = path; self.name = name; self.width = width; self.height = height
        self.downsamples = downsamples; self.micronsPerPixel = micronsPerPixel
    }

    public var stem: String { FileStem.of(name) }
}
