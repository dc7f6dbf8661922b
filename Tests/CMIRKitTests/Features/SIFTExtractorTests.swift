import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

@Suite struct SIFTExtractorTests {
    private static let image = FeatureTestImages.blobs(width: 256, height: 256, count: 220, seed: 12)

    @Test func returnsUnitLength128ValueDescriptorsInAStableOrder() {
        let features = SIFTExtractor().extract(from: Self.image)
        #expect(features.count > 50)
        for feature in features {
            #expect(feature.descriptor.count == 128)
            #expect(abs(feature.descriptor.reduce(0) { $0 + $1 * $1 } - 1) < 1e-3)
            #expect(feature.angle > -.pi && feature.angle <= .pi && feature.scale > 0)
        }
        #expect(zip(features, features.dropFirst()).allSatisfy { $0.strength >= $1.strength })
        #expect(SIFTExtractor().extract(from: Self.image) == features)
        #expect(SIFTExtractor(maximumFeatures: 20).extract(from: Self.image).count <= 20)
    }

    @Test func anglesAreCounterClockwiseAsDisplayed() throws {
        // OpenCV measures clockwise as displayed; after the conversion a counter-clockwise turn of the image
        // adds its angle. Measured median error 2.2 degrees here, 1.5 on real tissue.
        let turn = CMIRKit.AffineTransform.rotation(degrees: 30, center: (127.5, 127.5))
        var matches = FeatureCorrespondences(original: SIFTExtractor().extract(from: Self.image),
                                             warped: SIFTExtractor().extract(from: Self.image.warped(by: turn, border: [0.5])),
                                             transform: turn, width: 256, height: 256)
        matches.scaleTolerance = 1.2
        let pairs = matches.pairs
        try #require(pairs.count >= 20)
        let errors = pairs.map { angularDistance($0.warped.angle - $0.original.angle, Float.pi / 6) }.sorted()
        #expect(errors[errors.count / 2] < 3 * Float.pi / 180)
    }
}
