@testable import CMIRKit
import Testing

@Suite struct NeighbourVotingTests {
    /// A feature filed under `word` at the origin (voting ignores positions).
    static func word(_ word: UInt32) -> VisualWord { VisualWord(word: word, x: 0, y: 0, scale: 2, angle: 0) }

    /// A coder of 4-value descriptors under `words` words that all sit at the origin, whose codes hold each value
    /// exactly: one part per value, its 256 centroids the whole numbers -127...128.
    static func coder(words: Int) throws -> DescriptorCoder {
        let codebooks = (0..<4).flatMap { _ in (0..<256).map { Float($0 - 127) } }
        return DescriptorCoder(vocabulary: Vocabulary(centroids: DescriptorMatrix(rows: words, columns: 4, values: Array(repeating: 0, count: words * 4))),
                               quantizer: try ProductQuantizer(validating: codebooks, subspaces: 4, dimension: 4))
    }

    /// The codes of the given rows under `coder(words:)`.
    static func codes(_ rows: [[Int8]]) -> DescriptorCodes {
        DescriptorCodes(bytesPerRow: rows.first?.count ?? 4, bytes: rows.flatMap { $0.map { UInt8(Int($0) + 127) } })
    }

    static func query(_ rows: [[Float]]) -> DescriptorMatrix {
        DescriptorMatrix(rows: rows.count, columns: rows[0].count, values: rows.flatMap { $0 })
    }

    @Test func anImageQueriedWithItsOwnDescriptorsScoresFirst() throws {
        let a: [[Int8]] = [[100, 0, 0, 0], [0, 100, 0, 0], [0, 0, 100, 0]]
        let b: [[Int8]] = [[90, 40, 0, 0], [0, 90, 40, 0], [40, 0, 90, 0]]
        let c: [[Int8]] = [[0, 0, 0, 100], [60, 0, 0, 60], [0, 60, 0, 60]]
        let voting = try NeighbourVoting(places: [([Self.word(0), Self.word(1), Self.word(2)], Self.codes(b)),
                                                  ([Self.word(0), Self.word(1), Self.word(2)], Self.codes(a)),
                                                  ([Self.word(0), Self.word(1), Self.word(2)], Self.codes(c))],
                                         coder: Self.coder(words: 3), neighbours: 2, probes: 3)
        let query = Self.query(a.map { $0.map(Float.init) })
        let scores = voting.scores(query, probedWords: Array(repeating: [0, 1, 2], count: 3))
        #expect(scores[1] > scores[0] && scores[0] > scores[2], "\(scores)")
        #expect(scores[2] == 0, "c is never among the two nearest, so it never beats the background")
    }

    @Test func onlyTheFeaturesOfProbedWordsAreSearched() throws {
        // Image 0 holds the query's very descriptor under word 5; image 1 two distant ones under word 7.
        let voting = try NeighbourVoting(places: [([Self.word(5)], Self.codes([[100, 0, 0, 0]])),
                                                  ([Self.word(7), Self.word(7)], Self.codes([[0, 100, 0, 0], [0, 0, 100, 0]]))],
                                         coder: Self.coder(words: 8), neighbours: 1, probes: 1)
        let query = Self.query([[100, 0, 0, 0]])
        let withoutWord5 = voting.scores(query, probedWords: [[7]])
        #expect(withoutWord5[0] == 0 && withoutWord5[1] == 0, "two equally far features of image 1: no margin")
        let withWord5 = voting.scores(query, probedWords: [[5, 7]])
        #expect(withWord5[0] > 0 && withWord5[1] == 0, "\(withWord5)")
    }

    @Test func aQueryFeatureStopsAfterTheWordThatTakesItPastTheChecks() throws {
        // Word 3 (probed first) holds two features of image 0, word 4 the query's very descriptor in image 1.
        let images = [([Self.word(3), Self.word(3)], Self.codes([[0, 100, 0, 0], [0, 0, 100, 0]])),
                      ([Self.word(4)], Self.codes([[100, 0, 0, 0]]))]
        let query = Self.query([[100, 0, 0, 0]])
        let bounded = try NeighbourVoting(places: images, coder: Self.coder(words: 5), neighbours: 1, probes: 2, checks: 2)
        #expect(bounded.scores(query, probedWords: [[3, 4]])[1] == 0, "word 3 used up the checks")
        let wider = try NeighbourVoting(places: images, coder: Self.coder(words: 5), neighbours: 1, probes: 2, checks: 3)
        #expect(wider.scores(query, probedWords: [[3, 4]])[1] > 0, "a word is started while checks remain")
    }

    @Test func aLargerImageHoldingTheSameFeaturesDoesNotWinBySize() throws {
        let shared: [[Int8]] = [[100, 0, 0, 0], [0, 100, 0, 0]]
        let extra: [[Int8]] = [[0, 0, 100, 0], [0, 0, 0, 100], [0, 0, 70, 70], [0, 70, 0, 70]]
        let small = (words: shared.map { _ in Self.word(0) }, codes: Self.codes(shared))
        let large = (words: (shared + extra).map { _ in Self.word(0) }, codes: Self.codes(shared + extra))
        let voting = try NeighbourVoting(places: [large, small], coder: Self.coder(words: 1), neighbours: 2, probes: 1)
        let scores = voting.scores(Self.query(shared.map { $0.map(Float.init) }), probedWords: [[0], [0]])
        // Both hold each query descriptor exactly, so both get the same votes; the small one is explained better.
        #expect(scores[1] > scores[0] && scores[0] > 0, "\(scores)")
    }

    @Test func descriptorsThatDoNotMatchTheWordsAreRefused() throws {
        #expect(throws: CMIRError.self) {
            try NeighbourVoting(places: [([Self.word(0), Self.word(1)], Self.codes([[1, 2, 3, 4]]))], coder: Self.coder(words: 2))
        }
        #expect(throws: CMIRError.self) {
            try NeighbourVoting(places: [([Self.word(0)], Self.codes([[1, 2, 3]]))], coder: Self.coder(words: 2))
        }
    }
}

extension NeighbourVoting {
    /// Each place's score as the engine computes it for a window of one place.
    func scores(_ query: DescriptorMatrix, probedWords: [[UInt32]]) -> [Float] {
        zip(votes(query, probedWords: probedWords), shares).map { $1 > 0 ? $0 / $1 * (1 / Float(max(1, query.rows))) : 0 }
    }
}

extension NeighbourVotingTests {
    @Test func distancesCountTheWordsCentroidAndTheCodedResidualTogether() throws {
        // Word w's centroid is (10w, 0, 0, 0); the codes hold residuals exactly. Place 0 stores the query's very
        // descriptor (40, 5, 0, 0) under word 4 (residual (0, 5, 0, 0)); place 1 the same residual under word 3,
        // i.e. (30, 5, 0, 0); place 2 a distant one: only place 0 beats the background.
        let exact = try Self.coder(words: 5)
        let centroids = DescriptorMatrix(rows: 5, columns: 4, values: (0..<5).flatMap { [Float($0 * 10), 0, 0, 0] })
        let coder = DescriptorCoder(vocabulary: Vocabulary(centroids: centroids), quantizer: exact.quantizer)
        let voting = try NeighbourVoting(places: [([Self.word(4)], Self.codes([[0, 5, 0, 0]])),
                                                  ([Self.word(3)], Self.codes([[0, 5, 0, 0]])),
                                                  ([Self.word(3)], Self.codes([[0, 60, 0, 0]]))],
                                         coder: coder, neighbours: 2, probes: 2)
        let votes = voting.votes(Self.query([[40, 5, 0, 0]]), probedWords: [[4, 3]])
        // Squared distances 0, 100 and 100 + 55^2: margins 3125 - 0 and 3125 - 100.
        #expect(votes == [3125, 3025, 0], "\(votes)")
    }
}

extension NeighbourVotingTests {
    @Test func neighbourMatchesCarryEachStoredFeaturesPlacePositionAndMargin() throws {
        // Place 1 holds the query's very descriptor at (30, 40) turned by 0.5, place 0 a near one at (7, 8), place 2
        // a far one.
        let voting = try NeighbourVoting(places: [([VisualWord(word: 0, x: 7, y: 8, scale: 2, angle: 0)], Self.codes([[90, 10, 0, 0]])),
                                                  ([VisualWord(word: 0, x: 30, y: 40, scale: 2, angle: 0.5)], Self.codes([[100, 0, 0, 0]])),
                                                  ([Self.word(0)], Self.codes([[0, 100, 0, 0]]))],
                                         coder: Self.coder(words: 1), neighbours: 1, probes: 1)
        let query = Self.query([[100, 0, 0, 0]])
        let one = voting.neighbourMatches(query, probedWords: [[0]], neighbours: 1, checks: 10)
        // Squared distances 0, 200 and 20000; with one neighbour the second nearest is the background.
        #expect(one.map(\.place) == [1] && one[0].row == 0 && one[0].stored == SIMD3(30, 40, 0.5) && one[0].margin == 200)
        let two = voting.neighbourMatches(query, probedWords: [[0]], neighbours: 2, checks: 10)
        #expect(two.map(\.place) == [1, 0] && two.map(\.margin) == [20000, 19800], "\(two.map(\.margin))")
    }
}
