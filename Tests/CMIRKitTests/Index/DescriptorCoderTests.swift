@testable import CMIRKit
import Testing

@Suite struct DescriptorCoderTests {
    /// Descriptors in clusters around a few centres, as visual words see them.
    static func clustered(rows: Int, seed: UInt64) -> DescriptorMatrix {
        var random = SeededRandom(seed: seed)
        let centres = (0..<6).map { _ in (0..<16).map { _ in Float(random.uniform(0, 4)) } }
        var values: [Float] = []
        for row in 0..<rows { values += centres[row % 6].map { $0 + Float(random.uniform(-0.3, 0.3)) } }
        return DescriptorMatrix(rows: rows, columns: 16, values: values)
    }

    @Test func decodedDescriptorsLieCloserToTheirOwnThanTheirWordsCentroidDoes() throws {
        let data = Self.clustered(rows: 3_000, seed: 1)
        let vocabulary = Vocabulary.train(data, size: 6, seed: 1)
        let coder = DescriptorCoder.train(data, vocabulary: vocabulary, subspaces: 4, seed: 1)
        let words = vocabulary.quantize(data)
        let codes = coder.encode(data, words: words)
        #expect(codes.bytesPerRow == 4 && codes.rows == data.rows)
        let decoded = try coder.decode(codes, words: words.map { VisualWord(word: $0, x: 0, y: 0, scale: 1, angle: 0) })
        var codedError: Float = 0, wordError: Float = 0
        for row in 0..<data.rows {
            for j in 0..<16 {
                let value = data.values[row * 16 + j]
                let coded = decoded.values[row * 16 + j] - value, word = vocabulary.centroids.values[Int(words[row]) * 16 + j] - value
                codedError += coded * coded
                wordError += word * word
            }
        }
        #expect(codedError < wordError * 0.5, "\(codedError) vs the words' \(wordError)")
    }

    @Test func codesThatDoNotFitTheirWordsAreRefused() throws {
        let data = Self.clustered(rows: 300, seed: 2)
        let vocabulary = Vocabulary.train(data, size: 6, seed: 1)
        let coder = DescriptorCoder.train(data, vocabulary: vocabulary, subspaces: 4, seed: 1)
        let codes = coder.encode(data.rows(at: [0, 1]), words: vocabulary.quantize(data.rows(at: [0, 1])))
        let word = { (id: UInt32) in VisualWord(word: id, x: 0, y: 0, scale: 1, angle: 0) }
        #expect(throws: CMIRError.self) { try coder.decode(codes, words: [word(0)]) }
        #expect(throws: CMIRError.self) { try coder.decode(codes, words: [word(0), word(6)]) }
        #expect(throws: CMIRError.self) { try coder.decode(DescriptorCodes(bytesPerRow: 2, bytes: [0, 0]), words: [word(0)]) }
    }
}
