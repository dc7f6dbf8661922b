import CMIRKit
import CMIRTestSupport
import Testing

@Suite struct DenseSURFExtractorTests {
    @Test func keepsEightyPercentOfTheGridPositionsThatFit() {
        let image = FeatureTestImages.blobs(width: 200, height: 160, count: 400, seed: 4)
        let extractor = DenseSURFExtractor()
        // Per block width: ((200 - w) / 8 + 1) x ((160 - w) / 8 + 1) = 22x17, 18x13, 14x9, 10x5.
        let positions = 22 * 17 + 18 * 13 + 14 * 9 + 10 * 5
        #expect(extractor.gridPositionCount(width: 200, height: 160) == positions)
        let features = extractor.extract(from: image)
        #expect(features.count == positions * 4 / 5)
        for feature in features {
            let block = Int(feature.scale * 20)
            #expect([32, 64, 96, 128].contains(block))
            #expect((Int(feature.x) - block / 2) % 8 == 0 && (Int(feature.y) - block / 2) % 8 == 0)
            #expect(Int(feature.x) + block / 2 <= 200 && Int(feature.y) + block / 2 <= 160)
            #expect(feature.angle == 0 && feature.descriptor.count == 64)
        }
    }

    @Test func isDeterministic() {
        let image = FeatureTestImages.blobs(width: 180, height: 180, count: 300, seed: 8)
        for extractor in [DenseSURFExtractor(), DenseSURFExtractor(oriented: true)] {
            let first = extractor.extract(from: image)
            #expect(!first.isEmpty)
            #expect(extractor.extract(from: image) == first)
        }
        #expect(DenseSURFExtractor(oriented: true).extract(from: image).contains { $0.angle != 0 })
    }

    @Test func imagesSmallerThanABlockUseTheBlocksThatFit() {
        let image = FeatureTestImages.blobs(width: 70, height: 40, count: 60, seed: 10)
        let features = DenseSURFExtractor().extract(from: image)
        #expect(features.count == (5 * 2) * 4 / 5)  // (70 - 32) / 8 + 1 = 5 columns, 2 rows
        #expect(features.allSatisfy { $0.scale == 1.6 })
    }
}
