import Testing
@testable import CMIRKit

/// The dense stage's correlation: a template cut from the canvas scores 1 where it was cut (across the FFT
/// tiles' seams) and better than anywhere else, with its own index; unrepresented windows score -1.
@Suite struct TemplateCorrelationTests {
    /// A canvas of smooth random bytes, `hole` left unrepresented.
    static func canvas(width: Int, height: Int, hole: PixelRect? = nil) -> DenseCanvas {
        var random = SeededRandom(seed: 7)
        let noise = (0..<(width * height)).map { _ in Float.random(in: 0..<1, using: &random) }
        var bytes = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                var sum: Float = 0, count: Float = 0
                for dy in -2...2 where y + dy >= 0 && y + dy < height {
                    for dx in -2...2 where x + dx >= 0 && x + dx < width { sum += noise[(y + dy) * width + x + dx]; count += 1 }
                }
                let inHole = hole?.contains(x: Float(x), y: Float(y)) ?? false
                bytes[y * width + x] = inHole ? 0 : RepresentationMap.byte(sum / count)
            }
        }
        return DenseCanvas(maps: [RepresentationMap(x: 0, y: 0, width: width, height: height, bytes: bytes)],
                           mapWidth: width, mapHeight: height, step: 1)
    }

    /// The k x k window of the canvas at (x, y), zero-mean and of unit norm.
    static func template(_ canvas: DenseCanvas, x: Int, y: Int, side k: Int) -> [Float] {
        let values = (0..<(k * k)).map { canvas.value(x: x + $0 % k, y: y + $0 / k) }
        let mean = values.reduce(0, +) / Float(values.count)
        let norm = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }.squareRoot()
        return values.map { ($0 - mean) / norm }
    }

    @Test func aTemplateCutFromTheCanvasScoresOneWhereItWasCutAndLessElsewhere() {
        let canvas = Self.canvas(width: 300, height: 260)
        let k = 24, truth = (x: 170, y: 98)   // beyond the first tile's 105 positions both ways
        let decoy = Self.template(canvas, x: 20, y: 200, side: k), wanted = Self.template(canvas, x: truth.x, y: truth.y, side: k)
        let best = TemplateCorrelation(canvas: canvas).best(of: [decoy, wanted], side: k)
        #expect((best.width, best.height) == (300 - k + 1, 260 - k + 1))
        let at = truth.y * best.width + truth.x
        #expect(abs(best.scores[at] - 1) < 1e-3)
        #expect(best.which[at] == 1)
        let near = { (i: Int, x: Int, y: Int) in abs(i % best.width - x) <= 3 && abs(i / best.width - y) <= 3 }
        let elsewhere = best.scores.indices.filter { i in !near(i, truth.x, truth.y) && !near(i, 20, 200) }
        #expect(elsewhere.allSatisfy { best.scores[$0] < best.scores[at] - 0.05 })
        #expect(abs(best.scores[200 * best.width + 20] - 1) < 1e-3 && best.which[200 * best.width + 20] == 0)
    }

    @Test func windowsMostlyUnrepresentedScoreMinusOne() {
        let canvas = Self.canvas(width: 200, height: 200, hole: PixelRect(x: 100, y: 0, width: 100, height: 200))
        let k = 16
        let best = TemplateCorrelation(canvas: canvas).best(of: [Self.template(canvas, x: 10, y: 10, side: k)], side: k)
        #expect(best.scores[50 * best.width + 150] == -1)
        #expect(best.scores[50 * best.width + 20] > -1)
    }
}
