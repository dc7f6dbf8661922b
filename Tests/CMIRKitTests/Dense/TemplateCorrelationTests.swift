import Foundation
import Testing
@testable import CMIRKit

/// The dense stage's correlation: a template cut from the canvas peaks at 1 where it was cut (across the FFT
/// tiles' seams), higher than anywhere else, with its own index; peaks lie apart, best first; windows mostly
/// unrepresented are not scored.
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

    @Test func aTemplateCutFromTheCanvasPeaksAtOneWhereItWasCutAndLowerElsewhere() {
        let canvas = Self.canvas(width: 300, height: 260)
        let k = 24, truth = (x: 170, y: 98)   // beyond the first tile's 105 positions both ways
        let decoy = Self.template(canvas, x: 20, y: 200, side: k), wanted = Self.template(canvas, x: truth.x, y: truth.y, side: k)
        let peaks = TemplateCorrelation(canvas: canvas).peaks(of: [decoy, wanted], side: k, least: -1, apart: 4, count: 10)
        #expect(peaks.count == 10)
        #expect(peaks.prefix(2).map { [$0.x, $0.y, $0.template] }.sorted { $0[0] < $1[0] } == [[20, 200, 0], [truth.x, truth.y, 1]])
        #expect(peaks.prefix(2).allSatisfy { abs($0.score - 1) < 1e-3 })
        #expect(peaks[2].score < 0.95)
        #expect(zip(peaks, peaks.dropFirst()).allSatisfy { $0.score >= $1.score })
        for a in peaks.indices {
            for b in peaks.indices where a < b { #expect(hypot(Double(peaks[a].x - peaks[b].x), Double(peaks[a].y - peaks[b].y)) > 4) }
        }
    }

    @Test func windowsMostlyUnrepresentedAreNotScored() {
        let canvas = Self.canvas(width: 200, height: 200, hole: PixelRect(x: 100, y: 0, width: 100, height: 200))
        let k = 16
        let peaks = TemplateCorrelation(canvas: canvas).peaks(of: [Self.template(canvas, x: 10, y: 10, side: k)], side: k,
                                                              least: -1, apart: 2, count: 1_000)
        #expect(peaks.contains { $0.x == 10 && $0.y == 10 })
        #expect(peaks.allSatisfy { $0.x + k / 2 <= 100 }, "\(peaks.filter { $0.x + k / 2 > 100 })")
    }
}
