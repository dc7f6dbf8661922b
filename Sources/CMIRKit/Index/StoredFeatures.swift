/// Every stored feature of an index in memory: the votes' table of descriptor codes filed by word, each place's
/// words (so that re-ranking reads its candidates from memory rather than from the database) and their tf-idf
/// inverted file.
struct StoredFeatures: Sendable {
    let voting: NeighbourVoting
    let invertedFile: InvertedFile
    private let words: [[VisualWord]]
    private let coder: DescriptorCoder

    /// `places[i]`: the words of place i and their descriptor codes, a row per word.
    init(places: [(words: [VisualWord], codes: DescriptorCodes)], coder: DescriptorCoder) throws {
        voting = try NeighbourVoting(places: places, coder: coder)
        invertedFile = InvertedFile(histograms: places.map { WordHistogram(words: $0.words.map(\.word)) },
                                    vocabularySize: coder.vocabulary.size)
        words = places.map(\.words)
        self.coder = coder
    }

    func words(ofPlaceAt index: Int) -> [VisualWord] { words[index] }

    /// The words and (decoded) descriptors of place `index`; nil when the table lacks some row.
    func features(ofPlaceAt index: Int) throws -> (words: [VisualWord], descriptors: DescriptorMatrix)? {
        guard let codes = voting.descriptorCodes(ofPlaceAt: index) else { return nil }
        return (words[index], try coder.decode(codes, words: words[index]))
    }
}
