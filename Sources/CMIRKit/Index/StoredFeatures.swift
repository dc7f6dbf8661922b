/// Every stored feature of an index in memory: the votes' table of descriptors filed by word, and each place's
/// words, so that re-ranking reads its candidates from memory rather than from the database.
struct StoredFeatures: Sendable {
    let voting: NeighbourVoting
    private let words: [[VisualWord]]

    /// `places[i]`: the words of place i and their descriptors, a row per word.
    init(places: [(words: [VisualWord], codes: DescriptorCodes)], vocabularySize: Int, columns: Int) throws {
        voting = try NeighbourVoting(places: places.map { ($0.words, $0.codes) }, vocabularySize: vocabularySize, columns: columns)
        words = places.map(\.words)
    }

    func words(ofPlaceAt index: Int) -> [VisualWord] { words[index] }

    /// The words and descriptors of place `index`, as `IndexStore` reads them; nil when the table lacks some row.
    func features(ofPlaceAt index: Int) -> (words: [VisualWord], descriptors: DescriptorMatrix)? {
        voting.descriptorCodes(ofPlaceAt: index).map { (words[index], $0.decoded()) }
    }
}
