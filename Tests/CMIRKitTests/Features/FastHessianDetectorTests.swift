@testable import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

@Suite struct FastHessianDetectorTests {
    /// The strongest keypoint of a dark Gaussian blob of `sigma` px centred off the pixel grid.
    private func blobKeypoint(sigma: Float, cx: Float, cy: Float) throws -> Keypoint {
        var image = Image(width: 160, height: 160, channels: 1, filledWith: 0.8)
        for y in 0..<160 {
            for x in 0..<160 {
                let d2 = (Float(x) - cx) * (Float(x) - cx) + (Float(y) - cy) * (Float(y) - cy)
                image[x, y, 0] -= 0.6 * exp(-d2 / (2 * sigma * sigma))
            }
        }
        return try #require(FastHessianDetector().detect(IntegralImage(image)).first)
    }

    @Test func findsABlobAtItsSubPixelCentreWithAScaleProportionalToItsSize() throws {
        let small = try blobKeypoint(sigma: 3, cx: 64.3, cy: 70.6)
        let large = try blobKeypoint(sigma: 6, cx: 81.8, cy: 77.35)
        #expect(abs(small.x - 64.3) < 0.3 && abs(small.y - 70.6) < 0.3)
        #expect(abs(large.x - 81.8) < 0.3 && abs(large.y - 77.35) < 0.3)
        // Sub-scale refinement: twice the blob, twice the scale (the box filters peak near 0.72 sigma).
        #expect(abs(large.scale / small.scale - 2) < 0.2)
        #expect(small.scale > 0.6 * 3 && small.scale < 3)
    }

    @Test func capKeepsTheStrongestInOrder() {
        let integral = IntegralImage(FeatureTestImages.blobs(width: 200, height: 200, count: 150, seed: 1))
        let all = FastHessianDetector().detect(integral)
        let capped = FastHessianDetector(maximumKeypoints: 10).detect(integral)
        #expect(all.count > 10)
        #expect(capped == Array(all.prefix(10)))
        #expect(zip(all, all.dropFirst()).allSatisfy { $0.strength >= $1.strength })
    }

    @Test func higherThresholdsKeepFewerPoints() {
        let integral = IntegralImage(FeatureTestImages.blobs(width: 200, height: 200, count: 150, seed: 2))
        let low = FastHessianDetector(threshold: 0.0002).detect(integral)
        let high = FastHessianDetector(threshold: 0.002).detect(integral)
        #expect(high.count < low.count && !high.isEmpty)
        #expect(high.allSatisfy { $0.strength > 0.002 * 0.9 })
    }
}
