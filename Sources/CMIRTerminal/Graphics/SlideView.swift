import CMIRKit

/// A part of a whole slide as an image request shows it: a level-0 region, read at a pyramid level, with the whole
/// slide inset in a corner when asked. Overlays of such a request are in level-0 pixels.
public struct SlideView: Hashable, Sendable {
    /// The part shown, in level-0 pixels.
    public var region: PixelRect
    /// The level read; nil lets the reader take the coarsest level that fills the box (thumbnails, the minimap).
    public var level: Int?
    /// The small overview drawn over the bottom-right corner (result tiles); nil for none.
    public var inset: SlideInset?
    public init(region: PixelRect, level: Int? = nil, inset: SlideInset? = nil) {
        self.region = region; self.level = level; self.inset = inset
    }

    /// The whole slide of level-0 size `width` x `height`.
    public static func whole(width: Int, height: Int) -> SlideView {
        SlideView(region: PixelRect(x: 0, y: 0, width: width, height: height))
    }
}
