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

    @Test func rootSIFTIsTheSquareRootOfTheSumNormalisedDescriptor() throws {
        let plain = SIFTExtractor().extract(from: Self.image)
        let root = SIFTExtractor(root: true).extract(from: Self.image)
        try #require(root.count == plain.count && !root.isEmpty)
        #expect(SIFTExtractor(root: true).name == "rootsift")
        for (r, p) in zip(root, plain) {
            #expect(r.x == p.x && r.y == p.y && r.scale == p.scale && r.angle == p.angle)
            #expect(abs(r.descriptor.reduce(0) { $0 + $1 * $1 } - 1) < 1e-3)
            // Squared, RootSIFT is the plain descriptor divided by its sum: proportional to it.
            let sum = p.descriptor.reduce(0, +)
            let largest = zip(r.descriptor, p.descriptor).map { abs($0 * $0 - $1 / sum) }.max() ?? 0
            #expect(largest < 1e-5)
        }
        // Not a rescaled copy: the square root changes the descriptors' relative distances.
        let dot = zip(root[0].descriptor, plain[0].descriptor).reduce(Float(0)) { $0 + $1.0 * $1.1 }
        #expect(dot < 0.99)
    }

    @Test func nativeFirstOctaveDropsTheDoubledOctaveAndKeepsTheRestInPlace() throws {
        // Fine blobs as well as coarse; an odd size, so the halved image is not exactly half and positions must
        // still map back.
        let image = FeatureTestImages.blobs(width: 251, height: 245, count: 300, seed: 7, sigmas: 0.6...8)
        let full = SIFTExtractor(root: true).extract(from: image)
        let native = SIFTExtractor(root: true, nativeFirstOctave: true).extract(from: image)
        #expect(SIFTExtractor(root: true, nativeFirstOctave: true).name == "rootsift-native")
        #expect(SIFTExtractor(nativeFirstOctave: true).name == "sift-native")
        try #require(native.count > 30 && native.count < full.count)
        // The doubled octave holds the keypoints below sigma 1.6 (OpenCV's base sigma); from the image's own
        // resolution none is finer than that, up to the halving's interpolation.
        #expect(full.contains { $0.scale < 1.4 })
        #expect(native.allSatisfy { $0.scale > 1.4 && $0.x >= 0 && $0.y >= 0 && $0.x <= 250 && $0.y <= 244 })
        // Coarser keypoints are the full pyramid's own: the same place and size.
        var matches = FeatureCorrespondences(original: native.filter { $0.scale > 3 }, warped: full,
                                             transform: CMIRKit.AffineTransform(1, 0, 0, 0, 1, 0), width: 251, height: 245)
        matches.tolerance = 1.5
        matches.scaleTolerance = 1.25
        let coarse = matches.originalInOverlap.count
        try #require(coarse >= 15)
        #expect(Double(matches.pairs.count) >= 0.8 * Double(coarse))
        #expect(SIFTExtractor(root: true, nativeFirstOctave: true).extract(from: image) == native)
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
