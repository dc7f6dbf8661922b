@testable import CMIRKit
import CMIRTestSupport
import Testing

@Suite struct IntegralImageTests {
    @Test func boxSumsMatchDirectSumsIncludingClippedBoxes() {
        let image = FeatureTestImages.blobs(width: 37, height: 23, count: 12, seed: 3)
        let integral = IntegralImage(image)
        var generator = SeededGenerator(seed: 9)
        for _ in 0..<200 {
            let x0 = Int.random(in: -5...40, using: &generator), y0 = Int.random(in: -5...26, using: &generator)
            let x1 = x0 + Int.random(in: 0...20, using: &generator), y1 = y0 + Int.random(in: 0...20, using: &generator)
            var direct = 0.0
            for y in max(0, y0)..<max(max(0, y0), min(23, y1)) {
                for x in max(0, x0)..<max(max(0, x0), min(37, x1)) { direct += Double(image[x, y, 0]) }
            }
            #expect(abs(integral.boxSum(x0: x0, y0: y0, x1: x1, y1: y1) - direct) < 1e-9)
        }
    }

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
}
