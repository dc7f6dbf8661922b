/// A repository file (an image or a whole slide) as the index knows it.
public struct IndexedImage: Sendable, Equatable {
    /// Row id in the index; stable while the image is unchanged.
    public let id: Int64
    /// File name with extension (what the user sees).
    public let name: String
    /// Absolute path when indexed.
    public let path: String
    /// Size in (level-0) pixels.
    public let width: Int
    public let height: Int
    /// Number of visual words (features) stored for it.
    public let wordCount: Int
    /// For a whole slide, how it was indexed; nil for an ordinary image (indexed whole, at its own pixels).
    public let slide: SlideDetails?

    public init(id: Int64, name: String, path: String, width: Int, height: Int, wordCount: Int, slide: SlideDetails? = nil) {
        self.id = id; self.name = name; self.path = path; self.width = width; self.height = height; self.wordCount = wordCount
        self.slide = slide
    }

    /// Level-0 pixels per indexed pixel: 1 for an ordinary image.
    public var scale: Double { slide?.scale ?? 1 }

    /// Its extent in indexed pixels (its own for an ordinary image).
    var indexedSize: (width: Int, height: Int) { slide?.indexedSize(width: width, height: height) ?? (width, height) }

    /// The file name without extension.
    public var stem: String { FileStem.of(name) }
}
