@testable import CMIRKit
import Foundation
import Testing

@Suite struct BinaryPackingTests {
    @Test func wordsKeepTheirIdAndPositionExactlyAndScaleAndAngleToHalfFloatPrecision() throws {
        let words = [VisualWord(word: 7_999, x: 98_765.25, y: 0.125, scale: 3.3, angle: -3.14159),
                     VisualWord(word: 0, x: -0.5, y: 40_000, scale: 250.7, angle: 6.2)]
        let data = BinaryPacking.pack(words: words)
        #expect(data.count == words.count * BinaryPacking.wordRecordSize)
        let restored = try BinaryPacking.unpackWords(data)
        #expect(restored.map(\.word) == words.map(\.word) && restored.map(\.x) == words.map(\.x) && restored.map(\.y) == words.map(\.y))
        for (a, b) in zip(words, restored) {
            #expect(abs(a.scale - b.scale) <= a.scale * 0.001 && abs(a.angle - b.angle) <= 0.005, "\(a) -> \(b)")
        }
    }

    @Test func codesRoundTripAndABlobOfTheWrongLengthIsRefused() throws {
        let codes = DescriptorCodes(bytesPerRow: 4, bytes: [0, 1, 2, 255, 9, 8, 7, 6])
        #expect(try BinaryPacking.unpackCodes(BinaryPacking.pack(codes: codes), bytesPerRow: 4) == codes)
        #expect(throws: CMIRError.self) { try BinaryPacking.unpackCodes(Data(count: 7), bytesPerRow: 4) }
        #expect(throws: CMIRError.self) { try BinaryPacking.unpackCodes(Data(count: 8), bytesPerRow: 0) }
        #expect(throws: CMIRError.self) { try BinaryPacking.unpackWords(Data(count: 17)) }
    }
}
