/// A place of a repository file that the first stage scores on its own: a whole image, or one cell of a slide.
struct IndexedPlace: Sendable, Equatable {
    let id: Int64
    let imageID: Int64
    /// Extent in the file's indexed pixels.
    let rect: PixelRect
    let wordCount: Int
    /// Which of an engine's index files holds it (`IndexShards`); 0 for a single index.
    var shard = 0
}
