import CMIRKit

/// A small overview of the whole slide in the bottom-right corner of an image showing part of it, with a part of the
/// slide marked on it: a result tile says where on the slide its place lies.
public struct SlideInset: Hashable, Sendable {
    /// The slide's level-0 size.
    public var slideWidth: Int
    public var slideHeight: Int
    /// The part marked, in level-0 pixels.
    public var mark: PixelRect

    /// The inset fits into this share of the image's width and height.
    static let share = 0.4
    /// An inset smaller than this many pixels a side shows nothing recognisable and is left out.
    static let minimumSide = 8
    /// The mark is at least this many pixels a side, so a small place on a large slide still shows.
    static let minimumMark = 3

    public init(slideWidth: Int, slideHeight: Int, mark: PixelRect) {
        self.slideWidth = slideWidth; self.slideHeight = slideHeight; self.mark = mark
    }

    /// Where the inset lies in a `width` x `height` raster, `margin` pixels from its bottom and right edges (clear of
    /// a border drawn along them), and the mark inside it, both in raster pixels; nil when the inset would be too small.
    public func layout(width: Int, height: Int, margin: Int) -> (frame: PixelRect, mark: PixelRect)? {
        guard slideWidth > 0, slideHeight > 0 else { return nil }
        let scale = min(Double(width) * Self.share / Double(slideWidth), Double(height) * Self.share / Double(slideHeight))
        let insetWidth = Int((Double(slideWidth) * scale).rounded()), insetHeight = Int((Double(slideHeight) * scale).rounded())
        guard min(insetWidth, insetHeight) >= Self.minimumSide else { return nil }
        let frame = PixelRect(x: width - margin - insetWidth, y: height - margin - insetHeight, width: insetWidth, height: insetHeight)
        // The mark keeps its centre where possible, and stays inside the inset.
        func span(_ start: Int, _ length: Int, origin: Int, side: Int) -> (start: Int, length: Int) {
            let shown = min(side, max(Self.minimumMark, Int((Double(length) * scale).rounded())))
            let centre = Double(origin) + (Double(start) + Double(length) / 2) * scale
            return (min(max(origin, Int((centre - Double(shown) / 2).rounded())), origin + side - shown), shown)
        }
        let x = span(mark.x, mark.width, origin: frame.x, side: insetWidth)
        let y = span(mark.y, mark.height, origin: frame.y, side: insetHeight)
        return (frame, PixelRect(x: x.start, y: y.start, width: x.length, height: y.length))
    }
}
