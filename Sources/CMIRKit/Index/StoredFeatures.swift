/// Every stored feature of an index in memory: the votes' table of descriptors filed by word, and each image's
/// words, so that re-ranking reads its candidates from memory rather than from the database.
struct StoredFeatures: Sendable {
    let voting: NeighbourVoting
    private let words: [[VisualWord]]

    /// `images[i]`: the words of repository image i and their descriptors, a row per word.
    init(images: [(words: [VisualWord], descriptors: DescriptorCodes)], vocabularySize: Int, columns: Int) throws {
        voting = try NeighbourVoting(images: images, vocabularySize: vocabularySize, columns: columns)
        words = images.map(\.words)
    }

    /// The words and descriptors of image `index`, as `IndexStore` reads them; nil when the table lacks some row.
    func features(ofImageAt index: Int) -> (words: [VisualWord], descriptors: DescriptorMatrix)? {
        voting.descriptorCodes(ofImageAt: index).map { (words[index], $0.decoded()) }
    }
}
