@testable import CMIRKit
import Testing

@Suite struct NeighbourVotingTests {
    /// A feature filed under `word` at the origin (voting ignores positions).
    static func word(_ word: UInt32) -> VisualWord { VisualWord(word: word, x: 0, y: 0, scale: 2, angle: 0) }

    /// Codes of the given rows (each value a whole code in -127...127, scale 1).
    static func codes(_ rows: [[Int8]]) -> DescriptorCodes {
        DescriptorCodes(columns: rows.first?.count ?? 4, codes: rows.flatMap { $0 }, scales: rows.map { _ in 1 })
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
                                         vocabularySize: 3, columns: 4, neighbours: 2, probes: 3)
        let query = Self.query(a.map { $0.map(Float.init) })
        let scores = voting.scores(query, probedWords: Array(repeating: [0, 1, 2], count: 3))
        #expect(scores[1] > scores[0] && scores[0] > scores[2], "\(scores)")
        #expect(scores[2] == 0, "c is never among the two nearest, so it never beats the background")
    }

    @Test func onlyTheFeaturesOfProbedWordsAreSearched() throws {
        // Image 0 holds the query's very descriptor under word 5; image 1 two distant ones under word 7.
        let voting = try NeighbourVoting(places: [([Self.word(5)], Self.codes([[100, 0, 0, 0]])),
                                                  ([Self.word(7), Self.word(7)], Self.codes([[0, 100, 0, 0], [0, 0, 100, 0]]))],
                                         vocabularySize: 8, columns: 4, neighbours: 1, probes: 1)
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
        let bounded = try NeighbourVoting(places: images, vocabularySize: 5, columns: 4, neighbours: 1, probes: 2, checks: 2)
        #expect(bounded.scores(query, probedWords: [[3, 4]])[1] == 0, "word 3 used up the checks")
        let wider = try NeighbourVoting(places: images, vocabularySize: 5, columns: 4, neighbours: 1, probes: 2, checks: 3)
        #expect(wider.scores(query, probedWords: [[3, 4]])[1] > 0, "a word is started while checks remain")
    }

    @Test func aLargerImageHoldingTheSameFeaturesDoesNotWinBySize() throws {
        let shared: [[Int8]] = [[100, 0, 0, 0], [0, 100, 0, 0]]
        let extra: [[Int8]] = [[0, 0, 100, 0], [0, 0, 0, 100], [0, 0, 70, 70], [0, 70, 0, 70]]
        let small = (words: shared.map { _ in Self.word(0) }, descriptors: Self.codes(shared))
        let large = (words: (shared + extra).map { _ in Self.word(0) }, descriptors: Self.codes(shared + extra))
        let voting = try NeighbourVoting(places: [large, small], vocabularySize: 1, columns: 4, neighbours: 2, probes: 1)
        let scores = voting.scores(Self.query(shared.map { $0.map(Float.init) }), probedWords: [[0], [0]])
        // Both hold each query descriptor exactly, so both get the same votes; the small one is explained better.
        #expect(scores[1] > scores[0] && scores[0] > 0, "\(scores)")
    }

    @Test func descriptorsThatDoNotMatchTheWordsAreRefused() {
        #expect(throws: CMIRError.self) {
            try NeighbourVoting(places: [([Self.word(0), Self.word(1)], Self.codes([[1, 2, 3, 4]]))], vocabularySize: 2, columns: 4)
        }
        #expect(throws: CMIRError.self) {
            try NeighbourVoting(places: [([Self.word(0)], Self.codes([[1, 2, 3]]))], vocabularySize: 2, columns: 4)
        }
    }
}

extension NeighbourVoting {
    /// Each place's score as the engine computes it for a window of one place.
    func scores(_ query: DescriptorMatrix, probedWords: [[UInt32]]) -> [Float] {
        zip(votes(query, probedWords: probedWords), shares).map { $1 > 0 ? $0 / $1 * (1 / Float(max(1, query.rows))) : 0 }
    }
}
