/// Sums over the k x k windows that start in one tile of a canvas (summed-area tables over the tile's pixels):
/// each window's spread (the root of its summed squared deviation), floored at a twentieth of the canvas's
/// variance so that flat glass does not score, or nil when most of the window is unrepresented.
struct WindowSums {
    private let side: Int
    private let stride: Int
    private let sum: [Double]
    private let squares: [Double]
    private let holes: [Int32]
    private let floor: Double

    /// The tables of the `size` x `size` pixels from `origin` of the canvas.
    init(_ canvas: DenseCanvas, origin: (x: Int, y: Int), size: Int, side k: Int) {
        side = k
        stride = size + 1
        var sum = [Double](repeating: 0, count: stride * stride), squares = sum
        var holes = [Int32](repeating: 0, count: sum.count)
        for y in 0..<size {
            for x in 0..<size {
                let v = Double(canvas.value(x: origin.x + x, y: origin.y + y)), i = (y + 1) * stride + x + 1
                let hole: Int32 = canvas.represents(x: origin.x + x, y: origin.y + y) ? 0 : 1
                sum[i] = v + sum[i - 1] + sum[i - stride] - sum[i - stride - 1]
                squares[i] = v * v + squares[i - 1] + squares[i - stride] - squares[i - stride - 1]
                holes[i] = hole + holes[i - 1] + holes[i - stride] - holes[i - stride - 1]
            }
        }
        (self.sum, self.squares, self.holes) = (sum, squares, holes)
        floor = max(1e-12, Double(canvas.variance) / 20 * Double(k * k))
    }

    /// The spread of the window whose corner is (u, v) of the tile.
    func spread(u: Int, v: Int) -> Float? {
        let a = v * stride + u, b = a + side, c = a + side * stride, d = c + side
        guard Int(holes[d] - holes[b] - holes[c] + holes[a]) * 2 <= side * side else { return nil }
        let s = sum[d] - sum[b] - sum[c] + sum[a], q = squares[d] - squares[b] - squares[c] + squares[a]
        return Float(max(floor, q - s * s / Double(side * side)).squareRoot())
    }
}
