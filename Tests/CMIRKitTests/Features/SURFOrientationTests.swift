@testable import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

@Suite struct SURFOrientationTests {
    private static let pattern = FeatureTestImages.blobs(width: 161, height: 161, count: 90, seed: 11)

    /// Features at points around the centre of the pattern turned by `degrees` (counter-clockwise as displayed),
    /// each placed where the rotation takes the same point of the unturned pattern.
    private func features(turnedBy degrees: Double, oriented: Bool) -> [Feature] {
        let turn = AffineTransform.rotation(degrees: degrees, center: (80, 80))
        let integral = IntegralImage(Self.pattern.warped(by: turn, border: [0.5]))
        var result: [Feature] = []
        for scale: Float in [2, 3, 4] {
            for gy in -2...2 {
                for gx in -2...2 {
                    let p = turn.apply(80 + 9 * Double(gx), 80 + 9 * Double(gy))
                    let keypoint = Keypoint(x: Float(p.x), y: Float(p.y), scale: scale, strength: 0)
                    let radius = (SURFOrientation.haarRadius(scale: scale), SURFDescriptor.haarRadius(scale: scale))
                    if let feature = SURFFeature.make(keypoint, oriented: oriented,
                        orientationSampler: IntegralHaarSampler(integral: integral, radius: radius.0),
                        descriptorSampler: IntegralHaarSampler(integral: integral, radius: radius.1)) {
                        result.append(feature)
                    }
                }
            }
        }
        return result
    }

    @Test(arguments: [20.0, 45.0, 90.0, 150.0, -70.0])
    func orientationTurnsWithTheImage(degrees: Double) throws {
        let still = features(turnedBy: 0, oriented: true)
        let turned = features(turnedBy: degrees, oriented: true)
        try #require(still.count == 75 && turned.count == 75)
        // Counter-clockwise as displayed on both sides: every angle grows by the rotation. A 60-degree window
        // can switch to a rival gradient cluster on resampled texture, so most points, not all, must agree.
        let errors = zip(still, turned).map { angularDistance($1.angle - $0.angle, Float(degrees * .pi / 180)) }
        let agreeing = errors.filter { $0 < 10 * .pi / 180 }.count
        #expect(agreeing >= 40, "\(agreeing) of 75 orientations within 10 degrees")
        #expect(errors.sorted()[37] < 8 * .pi / 180)
        // Where the orientation agrees, the descriptor read in the turned frame stays nearly the same.
        let distances: [Float] = still.indices.filter { errors[$0] < 3 * .pi / 180 }.map {
            still[$0].descriptorDistance(to: turned[$0])
        }
        #expect(distances.sorted()[distances.count / 2] < 0.2)
    }

    @Test func uprightFeaturesHaveAngleZero() throws {
        #expect(features(turnedBy: 30, oriented: false).allSatisfy { $0.angle == 0 })
        let image = FeatureTestImages.blobs(width: 256, height: 256, count: 200, seed: 5)
        let upright = SURFExtractor(upright: true).extract(from: image)
        #expect(!upright.isEmpty && upright.allSatisfy { $0.angle == 0 })
        let oriented = SURFExtractor().extract(from: image)
        #expect(oriented.contains { $0.angle != 0 } && oriented.allSatisfy { $0.angle > -.pi && $0.angle <= .pi })
    }

    @Test func descriptorsAreUnitLengthAndRunsRepeatExactly() {
        let image = FeatureTestImages.blobs(width: 256, height: 256, count: 200, seed: 6)
        for extractor in [SURFExtractor(), SURFExtractor(upright: true)] as [any FeatureExtractor] {
            let features = extractor.extract(from: image)
            #expect(!features.isEmpty)
            // Orientation and description run in parallel; the order and values must not depend on it.
            #expect(extractor.extract(from: image) == features)
            for feature in features {
                #expect(feature.descriptor.count == 64)
                #expect(abs(feature.descriptor.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4)
            }
        }
    }
}

@Suite struct ApproximateAtan2Tests {
    @Test func agreesWithLibmAllAroundTheCircle() {
        for step in 0..<3600 {
            let angle = Double(step) * 2 * .pi / 3600 - .pi
            for radius in [1e-3, 1.0, 250.0] {
                let y = Float(radius * sin(angle)), x = Float(radius * cos(angle))
                #expect(abs(SURFOrientation.approximateAtan2(y, x) - atan2(y, x)) < 2e-5)
            }
        }
        #expect(SURFOrientation.approximateAtan2(0, 0) == 0)
    }
}
