import CMIRKit

/// The crop tool on a loaded query image.
public struct CropState: Equatable, Sendable {
    public var path: String
    public var crop: CropRectangle
    /// A mouse drag in progress: `moving` keeps the grab offset; otherwise a new rectangle is spanned from `anchor`.
    public var drag: Drag?
    /// Re-ranking for the next search (toggled with `r`).
    public var rerank: Bool

    public struct Drag: Equatable, Sendable {
        public var anchorX: Int, anchorY: Int
        public var moving: Bool
    }

    public var stem: String { FileStem.of(path) }
    /// The region searched: nil when the rectangle covers the whole image.
    public var region: PixelRect? { crop.coversWholeImage ? nil : crop.rect }
}
