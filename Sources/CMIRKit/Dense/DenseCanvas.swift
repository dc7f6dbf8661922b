/// A file's representation maps on one grid, pooled `step` x `step` further: what the templates are correlated
/// with. Values are centred on the mean of the represented pixels, which unrepresented ones (and any beyond
/// the edge) take.
struct DenseCanvas: Sendable {
    let width: Int
    let height: Int
    /// Map pixels per canvas pixel, a side.
    let step: Int
    private(set) var values: [Float]
    private(set) var holes: [Bool]

    /// The canvas of `maps` on a grid of `mapWidth` x `mapHeight` map pixels.
    init(maps: [RepresentationMap], mapWidth: Int, mapHeight: Int, step: Int) {
        self.step = step
        width = max(0, mapWidth / step)
        height = max(0, mapHeight / step)
        var sums = [Float](repeating: 0, count: width * height), counts = [Int](repeating: 0, count: width * height)
        for map in maps {
            for my in 0..<map.height {
                let y = (map.y + my) / step
                guard map.y + my >= 0, y < height else { continue }
                for mx in 0..<map.width {
                    let x = (map.x + mx) / step, byte = map.bytes[my * map.width + mx]
                    guard map.x + mx >= 0, x < width, byte != 0 else { continue }
                    sums[y * width + x] += Float(byte)
                    counts[y * width + x] += 1
                }
            }
        }
        holes = counts.map { $0 * 2 < step * step }
        values = zip(sums, counts).map { $1 == 0 ? 0 : $0 / Float($1) / 255 }
        let represented = values.indices.filter { !holes[$0] }
        let mean = represented.isEmpty ? 0 : represented.reduce(Float(0)) { $0 + values[$1] } / Float(represented.count)
        for i in values.indices { values[i] = holes[i] ? 0 : values[i] - mean }
    }

    /// The centred value at (x, y); 0 (the mean) outside.
    func value(x: Int, y: Int) -> Float {
        x >= 0 && y >= 0 && x < width && y < height ? values[y * width + x] : 0
    }

    /// Whether any pixel of the rectangle (clipped to the canvas) is represented.
    func represents(x: Int, y: Int, width w: Int, height h: Int) -> Bool {
        for row in max(0, y)..<max(max(0, y), min(height, y + h)) {
            for column in max(0, x)..<max(max(0, x), min(width, x + w)) where !holes[row * width + column] { return true }
        }
        return false
    }
}

/// Sums over every k x k window of a canvas (summed-area tables): each window's spread (the root of its summed
/// squared deviation), floored at a twentieth of the canvas's variance so that flat glass does not score, or
/// nil when most of the window is unrepresented.
struct WindowSums: Sendable {
    private let side: Int
    private let width: Int
    private let sum: [Double]
    private let squares: [Double]
    private let holes: [Int]
    private let floor: Double

    init(_ canvas: DenseCanvas, side k: Int) {
        side = k
        width = canvas.width + 1
        var sum = [Double](repeating: 0, count: width * (canvas.height + 1)), squares = sum
        var holes = [Int](repeating: 0, count: sum.count)
        for y in 0..<canvas.height {
            for x in 0..<canvas.width {
                let v = Double(canvas.values[y * canvas.width + x]), i = (y + 1) * width + x + 1
                sum[i] = v + sum[i - 1] + sum[i - width] - sum[i - width - 1]
                squares[i] = v * v + squares[i - 1] + squares[i - width] - squares[i - width - 1]
                holes[i] = (canvas.holes[y * canvas.width + x] ? 1 : 0) + holes[i - 1] + holes[i - width] - holes[i - width - 1]
            }
        }
        let pixels = Double(canvas.width * canvas.height) - Double(holes.last ?? 0)
        let variance = pixels > 0 ? (squares.last! - sum.last! * sum.last! / pixels) / pixels : 0
        (self.sum, self.squares, self.holes) = (sum, squares, holes)
        floor = max(1e-12, variance / 20 * Double(k * k))
    }

    func spread(x: Int, y: Int) -> Float? {
        let a = y * width + x, b = a + side, c = a + side * width, d = c + side
        guard (holes[d] - holes[b] - holes[c] + holes[a]) * 2 <= side * side else { return nil }
        let s = sum[d] - sum[b] - sum[c] + sum[a], q = squares[d] - squares[b] - squares[c] + squares[a]
        return Float(max(floor, q - s * s / Double(side * side)).squareRoot())
    }
}
