/// Summed-area table of a one-channel image: the sum over any axis-aligned box costs four lookups,
/// which is what makes SURF's box filters and Haar wavelets O(1) per sample whatever their size.
///
/// Sums are accumulated in Double. At 512 x 512 px the total reaches 2.6e5, where a Float's spacing is
/// about 0.03: the four-corner difference of a 9 x 9 box (a few tens) would lose its last 3-4 digits, and
/// the Hessian determinant (a difference of products of such differences, ~1e-3) would be noise.
/// Double keeps box sums exact to ~1e-10 up to the largest image cmir decodes (1e8 px).
struct IntegralImage: Sendable {
    let width: Int
    let height: Int
    /// (width + 1) x (height + 1) values; entry (x, y) is the sum of pixels with column < x and row < y,
    /// so row 0 and column 0 are zero and every box sum needs no branches.
    let sums: [Double]

    init(_ image: Image) {
        precondition(image.channels == 1, "integral image of a one-channel image")
        let width = image.width, height = image.height
        self.width = width
        self.height = height
        let stride = width + 1
        var table = [Double](repeating: 0, count: stride * (height + 1))
        image.pixels.withUnsafeBufferPointer { pixels in
            table.withUnsafeMutableBufferPointer { out in
                for y in 0..<height {
                    var rowSum = 0.0
                    let above = y * stride, here = (y + 1) * stride
                    for x in 0..<width {
                        rowSum += Double(pixels[y * width + x])
                        out[here + x + 1] = out[above + x + 1] + rowSum
                    }
                }
            }
        }
        sums = table
    }

    /// Sum of pixels with x0 <= column < x1 and y0 <= row < y1; the box is clipped to the image, so the
    /// outside counts as zero.
    @inline(__always)
    func boxSum(x0: Int, y0: Int, x1: Int, y1: Int) -> Double {
        let ax = min(max(x0, 0), width), bx = min(max(x1, 0), width)
        let ay = min(max(y0, 0), height), by = min(max(y1, 0), height)
        if bx <= ax || by <= ay { return 0 }
        let stride = width + 1
        return sums.withUnsafeBufferPointer { s in
            s[by * stride + bx] - s[ay * stride + bx] - s[by * stride + ax] + s[ay * stride + ax]
        }
    }
}
