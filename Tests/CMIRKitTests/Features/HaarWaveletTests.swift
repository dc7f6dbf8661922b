@testable import CMIRKit
import CMIRTestSupport
import Testing

@Suite struct HaarWaveletTests {
    @Test func haarResponsesPointUpTheGradientInImageAxes() {
        // Brighter to the right and downwards (y down): both responses positive, in the ratio of the slopes.
        var image = Image(width: 40, height: 40, channels: 1)
        for y in 0..<40 { for x in 0..<40 { image[x, y, 0] = 0.01 * Float(x) + 0.02 * Float(y) } }
        let integral = IntegralImage(image)
        let direct = IntegralHaarSampler(integral: integral, radius: 3).response(x: 20, y: 20)
        #expect(direct.dx > 0 && abs(direct.dy / direct.dx - 2) < 1e-4)
        let mapped = HaarResponseMap(integral, radius: 3)
        for (x, y) in [(20, 20), (3, 3), (36, 17), (9, 36)] {
            let a = IntegralHaarSampler(integral: integral, radius: 3).response(x: x, y: y), b = mapped.response(x: x, y: y)
            #expect(a.dx == b.dx && a.dy == b.dy && a.dx > 0)
        }
        // Wavelets reaching past the border respond nothing rather than an invented edge.
        for (x, y) in [(2, 20), (20, 38), (-1, 5), (5, 40)] { #expect(mapped.response(x: x, y: y) == (0, 0)) }
    }

    @Test func precomputedLatticeReadsMatchSampleBySampleReads() {
        let integral = IntegralImage(FeatureTestImages.blobs(width: 90, height: 70, count: 40, seed: 13))
        let sampler = IntegralHaarSampler(integral: integral, radius: 2)
        let map = HaarResponseMap(integral, radius: 2)
        // Inside (the separable fast path) and reaching past the border (the general path).
        for (x0, y0) in [(Float(10.3), Float(7.8)), (Float(55.5), Float(40.25)), (Float(-3.2), Float(50.7))] {
            var fast = [Float](repeating: 0, count: 800), general = fast
            fast.withUnsafeMutableBufferPointer { map.readLattice(originX: x0, originY: y0, spacing: 1.6, size: 20, into: $0) }
            general.withUnsafeMutableBufferPointer { sampler.readLattice(originX: x0, originY: y0, spacing: 1.6, size: 20, into: $0) }
            #expect(zip(fast, general).allSatisfy { abs($0 - $1) <= 1e-4 * max(1, abs($1)) })
            #expect(general.contains { $0 != 0 })
        }
    }
}
