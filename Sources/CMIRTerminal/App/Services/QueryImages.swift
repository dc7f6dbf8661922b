import CMIRKit

/// The decoded query images: a chosen query file is decoded once, and the crop tool, the search, the saved
/// crop and the query thumbnails all use that image. Only the last few queries are kept (each a few MB).
final class QueryImages: Sendable {
    private let decoded: LRUCache<String, LoadedImage>

    init(capacity: Int = 2) {
        decoded = LRUCache(capacity: capacity)
    }

    /// The query image at `path`, decoded now unless it is held.
    func image(at path: String) throws -> LoadedImage {
        if let held = decoded.value(for: path) { return held }
        let loaded = try ImageFile.load(path)
        decoded.insert(loaded, for: path, cost: 1)
        return loaded
    }
}
