/// What the engine relies on in an index it read, checked before use: a crafted or miscomputed row with a valid
/// checksum must give a clear error, not a huge allocation or a trap. Sizes are bounded, places lie inside their
/// files, and stored features have finite positions inside their place's file.
enum IndexConsistency {
    /// The longest side of a repository file cmir accepts in an index (a slide of 16.7 million pixels a side).
    static let maximumSide = 1 << 24

    static func check(images: [IndexedImage], places: [IndexedPlace], path: String) throws {
        var indexedBounds: [Int64: (width: Int, height: Int)] = [:]
        for image in images {
            guard (1...maximumSide).contains(image.width), (1...maximumSide).contains(image.height), image.wordCount >= 0 else {
                throw IndexStore.damaged(path, "impossible size recorded for \(image.name)")
            }
            if let slide = image.slide {
                guard slide.scale.isFinite, slide.scale >= 1, slide.level >= 0, (1...maximumSide).contains(slide.cell),
                      (0...1).contains(slide.tissueFraction), slide.micronsPerPixel.map({ $0.isFinite && $0 > 0 }) ?? true else {
                    throw IndexStore.damaged(path, "impossible slide record for \(image.name)")
                }
            }
            indexedBounds[image.id] = image.indexedSize
        }
        for place in places {
            let r = place.rect
            guard let bounds = indexedBounds[place.imageID], r.x >= 0, r.y >= 0, r.width >= 1, r.height >= 1,
                  r.width <= bounds.width - r.x, r.height <= bounds.height - r.y, place.wordCount >= 0 else {
                throw IndexStore.damaged(path, "place \(place.id) lies outside its file")
            }
        }
    }

    /// Stored features must be words of the vocabulary, with finite positions, scales and angles within their
    /// file's indexed pixels (a feature's centre may sit up to a pixel past the edge after sub-pixel refinement).
    static func check(words: [VisualWord], of place: IndexedPlace, in image: IndexedImage, vocabularySize: Int, path: String) throws {
        let width = Float(Double(image.width) / image.scale) + 1, height = Float(Double(image.height) / image.scale) + 1
        for word in words {
            guard Int(word.word) < vocabularySize, word.x >= -1, word.x <= width, word.y >= -1, word.y <= height, word.scale.isFinite, word.scale > 0,
                  word.angle.isFinite else {
                throw IndexStore.damaged(path, "impossible feature in place \(place.id)")
            }
        }
    }
}
