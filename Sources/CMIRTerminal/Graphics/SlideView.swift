import CMIRKit

/// A part of a whole slide as an image request shows it: a level-0 region, read at a pyramid level, with the whole
/// slide inset in a corner when asked, or, with a match's frame, the slide turned upright into the query's pixels.
/// Overlays of such a request are in the region's pixels (level-0, or the query's with a frame).
public struct SlideView: Hashable, Sendable {
    /// The part shown: level-0 pixels, or query pixels when `frame` is set.
    public var region: PixelRect
    /// The level read; nil lets the reader take the coarsest level that fills the box (thumbnails, the minimap).
    public var level: Int?
    /// The small overview drawn over the bottom-right corner (result tiles); nil for none.
    public var inset: SlideInset?
    /// The match whose frame the slide is resampled into (the side-by-side inspection); nil for a plain region.
    public var frame: MatchFrame?
    public init(region: PixelRect, level: Int? = nil, inset: SlideInset? = nil, frame: MatchFrame? = nil) {
        self.region = region; self.level = level; self.inset = inset; self.frame = frame
    }

    /// The whole slide of level-0 size `width` x `height`.
    public static func whole(width: Int, height: Int) -> SlideView {
        SlideView(region: PixelRect(x: 0, y: 0, width: width, height: height))
    }

    /// The match's surroundings turned upright: the frame's shown part of the query's pixels.
    public static func upright(_ frame: MatchFrame) -> SlideView {
        SlideView(region: frame.shown, frame: frame)
    }
}
