/// det(H) of one box filter sampled on a regular grid (every `step` pixels): one level of the
/// fast-Hessian scale space. Grid point (i, j) is pixel (i * step, j * step).
struct ResponseLayer: Sendable {
    let filter: BoxHessian
    let step: Int
    let columns: Int
    let rows: Int
    /// Grid indices where the whole filter lies inside the image: [validLow, validHighX] x [validLow, validHighY].
    /// Responses outside are 0, which never wins the maximum test against a positive threshold.
    let validLow: Int
    let validHighX: Int
    let validHighY: Int
    let values: [Float]

    init(_ integral: IntegralImage, filter: BoxHessian, step: Int) {
        self.filter = filter
        self.step = step
        let columns = (integral.width - 1) / step + 1, rows = (integral.height - 1) / step + 1
        self.columns = columns
        self.rows = rows
        let border = filter.border
        let low = (border + step - 1) / step
        let highX = (integral.width - 1 - border) / step, highY = (integral.height - 1 - border) / step
        validLow = low
        validHighX = highX
        validHighY = highY
        let corners = BoxHessian.Corners(filter, stride: integral.width + 1)
        values = integral.sums.withUnsafeBufferPointer { sums in
            ParallelMap.rows(count: rows, width: columns) { j, row in
                guard j >= low, j <= highY, low <= highX else { return }
                let rowStart = j * step * (integral.width + 1)
                for i in low...highX { row[i] = corners.determinant(sums, centre: rowStart &+ i &* step) }
            }
        }
    }

    @inline(__always)
    subscript(i: Int, j: Int) -> Float {
        values.withUnsafeBufferPointer { $0[j * columns + i] }
    }

    /// The four layers of octave `octave` (filter sizes 3 * (2^(octave+1) * (k+1) + 1), step 2^octave), or
    /// nil when the image is too small for the largest filter to have a 3 x 3 neighbourhood of valid responses.
    static func octave(_ octave: Int, of integral: IntegralImage) -> [ResponseLayer]? {
        let step = 1 << octave
        let sizes = (1...4).map { 3 * ((2 << octave) * $0 + 1) }
        let largest = BoxHessian(size: sizes[3])
        let validSpan = (min(integral.width, integral.height) - 1 - 2 * largest.border) / step
        guard validSpan >= 2 else { return nil }
        return ParallelMap.map(4) { ResponseLayer(integral, filter: BoxHessian(size: sizes[$0]), step: step) }
    }
}
