/// A repository image as the index knows it.
public struct IndexedImage: Sendable, Equatable {
    /// Row id in the index; stable while the image is unchanged.
    public let id: Int64
    /// File name with extension (what the user sees).
    public let name: String
    /// Absolute path when indexed.
    public let path: String
    public let width: Int
    public let height: Int
    /// Number of visual words (features) stored for it.
    public let wordCount: Int

    public init(id: Int64, name: String, path: String, width: Int, height: Int, wordCount: Int) {
        self.id = id; self.name = name; self.path = path; self.width = width; self.height = height; self.wordCount = wordCount
    }

    /// The file name without extension.
    public var stem: String { FileStem.of(name) }
}
