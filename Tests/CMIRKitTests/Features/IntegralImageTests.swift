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
}
