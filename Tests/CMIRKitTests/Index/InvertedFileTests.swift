@testable import CMIRKit
import Foundation
import Testing

@Suite struct InvertedFileTests {
    /// Three images over four words. Word 0 is in every image (idf 0), word 1 in two, words 2 and 3 in one.
    static let histograms = [
        WordHistogram(entries: [(0, 2), (1, 1), (2, 1)]),
        WordHistogram(entries: [(0, 1), (1, 3)]),
        WordHistogram(entries: [(0, 5), (3, 2)]),
    ]

    @Test func tfIdfCosineMatchesAHandComputation() {
        let file = InvertedFile(histograms: Self.histograms, vocabularySize: 4)
        let log32 = Float(log(1.5)), log3 = Float(log(3.0))
        #expect(abs(file.idf[0]) < 1e-7)
        #expect(abs(file.idf[1] - log32) < 1e-6)
        #expect(abs(file.idf[2] - log3) < 1e-6 && abs(file.idf[3] - log3) < 1e-6)

        // Query: word 1 twice, word 2 once (tf 2/3, 1/3).
        let scores = file.scores(for: WordHistogram(entries: [(1, 2), (2, 1)]))
        func unit(_ v: [Float]) -> [Float] { let n = v.reduce(0) { $0 + $1 * $1 }.squareRoot(); return v.map { $0 / n } }
        let q = unit([0, 2.0 / 3 * log32, 1.0 / 3 * log3, 0])
        let d0 = unit([0, 0.25 * log32, 0.25 * log3, 0])
        let d1 = unit([0, 0.75 * log32, 0, 0])
        let expected0 = zip(q, d0).reduce(0) { $0 + $1.0 * $1.1 }
        let expected1 = zip(q, d1).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(abs(scores[0] - expected0) < 1e-5)
        #expect(abs(scores[1] - expected1) < 1e-5)
        #expect(scores[2] == 0)
        #expect(scores[0] > scores[1])
    }

    @Test func anImageScoresOneAgainstItself() {
        let file = InvertedFile(histograms: Self.histograms, vocabularySize: 4)
        let scores = file.scores(for: Self.histograms[0])
        #expect(abs(scores[0] - 1) < 1e-5)
        #expect(scores[1] < scores[0] && scores[2] < scores[0])
    }

    @Test func histogramCountsWordsSortedByWord() {
        #expect(WordHistogram(words: [3, 1, 3, 3, 0]) == WordHistogram(entries: [(0, 1), (1, 1), (3, 3)]))
    }

    @Test func sha256MatchesKnownVectors() {
        #expect(SHA256.hex(of: Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(of: Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // Two blocks of padding: 56 bytes of message.
        #expect(SHA256.hex(of: Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}
