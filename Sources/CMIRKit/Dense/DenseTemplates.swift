import Foundation

/// The query's representation as the dense stage's templates: the largest square that stays inside the query
/// however it is turned (side: the shorter side over the root of two), turned through the full circle in
/// `angleStep` steps and pooled to at most `largestSide` pixels a side; each template zero-mean and of unit norm.
struct DenseTemplates: Sendable {
    static let angleStep = 10.0
    /// Template sides between these (pooling by the map's factor times a power of two): smaller ones say too
    /// little; larger ones cost more positions and turns than they find (docs/decisions.md, "The dense stage").
    static let smallestSide = 8
    static let largestSide = TemplateCorrelation.size / 4

    /// Template pixels a side, and indexed pixels per template pixel.
    let side: Int
    let pooling: Int
    let templates: [[Float]]
    /// The turn of each template (degrees, counter-clockwise as displayed, as `MatchRegion.angle`).
    let angles: [Double]

    /// The templates of `representation` (one channel), or nil when the query is too small for them.
    init?(representation image: Image) {
        let inner = Double(min(image.width, image.height)) / 2.squareRoot()
        var pooling = RepresentationMap.factor
        while inner / Double(pooling) > Double(Self.largestSide) { pooling *= 2 }
        let side = Int(inner / Double(pooling))
        guard side >= Self.smallestSide else { return nil }
        let angles = stride(from: 0.0, to: 360.0, by: Self.angleStep).map { $0 }
        (self.side, self.pooling, self.angles) = (side, pooling, angles)
        templates = ParallelMap.map(angles.count) { a in Self.template(of: image, degrees: angles[a], side: side, pooling: pooling) }
    }

    /// The query turned by `degrees` about its centre (a point `d` from it ends up at R d), sampled bilinearly,
    /// `pooling` x `pooling` samples averaged into each of the `side` x `side` template pixels.
    private static func template(of image: Image, degrees: Double, side: Int, pooling: Int) -> [Float] {
        let radians = degrees * .pi / 180, c = cos(radians), s = sin(radians)
        let cx = Double(image.width) / 2, cy = Double(image.height) / 2, half = Double(side * pooling) / 2
        var values = [Float](repeating: 0, count: side * side)
        for ty in 0..<side {
            for tx in 0..<side {
                var sum: Float = 0
                for sy in 0..<pooling {
                    for sx in 0..<pooling {
                        let u = Double(tx * pooling + sx) + 0.5 - half, v = Double(ty * pooling + sy) + 0.5 - half
                        sum += image.bilinear(x: cx + u * c - v * s - 0.5, y: cy + u * s + v * c - 0.5)
                    }
                }
                values[ty * side + tx] = sum
            }
        }
        let mean = values.reduce(0, +) / Float(values.count)
        let centred = values.map { $0 - mean }
        let norm = centred.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? centred.map { $0 / norm } : centred
    }
}

extension Image {
    /// The first plane at (x, y) in pixel-centre coordinates, bilinear, clamped to the edge.
    func bilinear(x: Double, y: Double) -> Float {
        let x = min(max(0, x), Double(width - 1)), y = min(max(0, y), Double(height - 1))
        let x0 = Int(x), y0 = Int(y), x1 = min(x0 + 1, width - 1), y1 = min(y0 + 1, height - 1)
        let fx = Float(x - Double(x0)), fy = Float(y - Double(y0))
        let top = pixels[y0 * width + x0] * (1 - fx) + pixels[y0 * width + x1] * fx
        let bottom = pixels[y1 * width + x0] * (1 - fx) + pixels[y1 * width + x1] * fx
        return top * (1 - fy) + bottom * fy
    }
}
