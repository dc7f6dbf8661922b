import CMIRTestSupport
import Testing
@testable import CMIRKit

/// The dense stage's templates: their size and pooling, and their turn's direction (counter-clockwise as
/// displayed, as `MatchRegion.angle`).
@Suite struct DenseTemplatesTests {
    @Test func templatesStayInsideTheQueryAndPoolToAtMostTheLargestSide() throws {
        let patch = try #require(DenseTemplates(representation: TestImages.blobs(width: 160, height: 160, seed: 3, count: 300)))
        #expect((patch.side, patch.pooling) == (28, 4))   // 113 px inside any turn, pooled by 4
        let whole = try #require(DenseTemplates(representation: TestImages.blobs(width: 512, height: 400, seed: 3, count: 900)))
        #expect((whole.side, whole.pooling) == (17, 16))   // the shorter side decides
        #expect(whole.templates.count == 36 && whole.angles[9] == 90)
        #expect(whole.templates.allSatisfy { t in abs(t.reduce(0) { $0 + $1 * $1 } - 1) < 1e-3 && abs(t.reduce(0, +)) < 1e-3 })
        #expect(DenseTemplates(representation: TestImages.blobs(width: 40, height: 300, seed: 3, count: 100)) == nil)
    }

    @Test func theTemplateAtNinetyDegreesIsTheQueryTurnedCounterClockwise() throws {
        let n = 160
        let query = TestImages.blobs(width: n, height: n, seed: 5, count: 400)
        // Turned a quarter counter-clockwise as displayed (y down): what was on the right is now on top.
        var turned = query
        for y in 0..<n { for x in 0..<n { turned.pixels[y * n + x] = query.pixels[x * n + (n - 1 - y)] } }
        let original = try #require(DenseTemplates(representation: query)), quarter = try #require(DenseTemplates(representation: turned))
        #expect(SlideFixtures.correlation(original.templates[9], quarter.templates[0]) > 0.99)
        #expect(SlideFixtures.correlation(original.templates[27], quarter.templates[0]) < 0.5)
    }
}
