@testable import CMIRKit
import Testing

@Suite struct CodedFeaturesTests {
    /// Features with positions and the clustered descriptors of `DescriptorCoderTests`.
    static func features(rows: Int, seed: UInt64) -> [Feature] {
        let descriptors = DescriptorCoderTests.clustered(rows: rows, seed: seed)
        return (0..<rows).map { (row: Int) -> Feature in
            let descriptor = Array(descriptors.values[(row * 16)..<((row + 1) * 16)])
            let scale = Float(1 + row % 3), angle = Float(row % 5) / 5
            return Feature(x: Float(row), y: Float(2 * row), scale: scale, angle: angle, strength: 1, descriptor: descriptor)
        }
    }

    @Test func codingBoxByBoxGivesWhatCodingTheWholeSlideGives() {
        let data = DescriptorCoderTests.clustered(rows: 2_000, seed: 3)
        let vocabulary = Vocabulary.train(data, size: 6, seed: 1)
        let coder = DescriptorCoder.train(data, vocabulary: vocabulary, subspaces: 4, seed: 1)
        let features = Self.features(rows: 500, seed: 4)
        let whole = CodedFeatures(features, coder: coder)
        let boxes = [0..<120, 120..<120, 120..<499, 499..<500].map { CodedFeatures(Array(features[$0]), coder: coder) }
        let joined = CodedFeatures(joining: boxes, bytesPerRow: coder.bytesPerRow)
        #expect(whole.words.count == 500 && whole.codes.rows == 500)
        #expect(joined.words == whole.words)
        #expect(joined.codes == whole.codes)
        #expect(whole.words[7] == VisualWord(word: whole.words[7].word, x: 7, y: 14, scale: 2, angle: 0.4))
    }
}
