import CMIRKit

/// The crop tool on a loaded query image: the rectangle searched, and the part of the image in view (zoom and pan
/// pick the region of an image larger than the screen, such as an SHG mosaic).
public struct CropState: Equatable, Sendable {
    public var path: String
    public var crop: CropRectangle
    /// A mouse drag in progress: `moving` keeps the grab offset; otherwise a new rectangle is spanned from `anchor`.
    public var drag: Drag?
    /// Re-ranking for the next search (toggled with `r`).
    public var rerank: Bool
    /// The part of the image in view, with the slide viewer's zoom and pan (image pixels; one level).
    public var viewport: SlideViewport
    /// Whether the arrows and + - move the view, as in the slide viewer, rather than the rectangle (`v` toggles).
    public var movingView = false

    public struct Drag: Equatable, Sendable {
        public var anchorX: Int, anchorY: Int
        public var moving: Bool
    }

    /// The whole image in view, the rectangle over all of it.
    public init(path: String, imageWidth: Int, imageHeight: Int, rerank: Bool, view: (width: Int, height: Int)) {
        self.path = path
        crop = CropRectangle(imageWidth: imageWidth, imageHeight: imageHeight)
        self.rerank = rerank
        viewport = SlideViewport(slideWidth: imageWidth, slideHeight: imageHeight, downsamples: [1], view: view)
    }

    public var stem: String { FileStem.of(path) }
    /// The region searched: nil when the rectangle covers the whole image.
    public var region: PixelRect? { crop.coversWholeImage ? nil : crop.rect }

    /// The part of the image in a view of `view` screen pixels.
    public func shown(view: (width: Int, height: Int)) -> PixelRect { viewport.visibleRegion(view: view) }

    /// What a rectangle key moves it by: 1/32 of the shorter side of the part in view, so that zoomed in it moves finely.
    public func step(view: (width: Int, height: Int)) -> Int {
        let shown = shown(view: view)
        return max(1, min(shown.width, shown.height) / 32)
    }
}
