/// The box-filter approximation of the scale-normalised Hessian determinant (Bay et al. 2008, section 3.1):
/// second derivatives of a Gaussian replaced by box filters of side `size` = 3 * lobe, evaluated through the
/// integral image in constant time whatever the size. The 9 x 9 filter stands for a Gaussian of sigma 1.2.
struct BoxHessian: Sendable {
    /// Length of one lobe of the second-derivative filters: odd, so that every lobe is centred on a pixel.
    let lobe: Int

    /// The filter of side `size`, which must be 3 x an odd lobe (9, 15, 21, 27, ...).
    init(size: Int) {
        precondition(size % 3 == 0 && (size / 3) % 2 == 1 && size >= 9, "box Hessian sizes are 3 x an odd lobe >= 3")
        lobe = size / 3
    }

    /// The filter whose Gaussian scale is nearest to `scale` pixels (size = scale * 9 / 1.2), among valid sizes.
    init(nearestToScale scale: Float) {
        let lobeEstimate = scale * 9 / 1.2 / 3
        self.init(size: 3 * max(3, 2 * Int((lobeEstimate / 2).rounded(.down)) + 1))
    }

    var size: Int { 3 * lobe }
    /// Pixels the filter reaches on each side of its centre: it fits at x when x - border >= 0 and x + border < width.
    var border: Int { (size - 1) / 2 }
    /// Gaussian scale the filter approximates, in pixels.
    var scale: Float { 1.2 * Float(size) / 9 }

    /// det(H) = Dxx * Dyy - (0.9 * Dxy)^2 at pixel (x, y), each response divided by the filter area so that
    /// the value is comparable across sizes. The 0.9 corrects the box approximation of Dxy (Bay's w).
    /// The filter must fit: border <= x < width - border, and the same for y (the hot loop skips clipping).
    func determinant(_ integral: IntegralImage, x: Int, y: Int) -> Float {
        let corners = Corners(self, stride: integral.width + 1)
        return integral.sums.withUnsafeBufferPointer { corners.determinant($0, centre: y * (integral.width + 1) + x) }
    }

    /// The filter's eight boxes as table offsets from the centre's entry, for one table stride: a layer
    /// evaluates the filter at every grid point with the same offsets.
    struct Corners {
        /// Per box, four entries: the offsets of (x1, y1), (x1, y0), (x0, y1), (x0, y0), whose +, -, -, + is its sum.
        private let offsets: [Int]
        private let inverseArea: Double

        init(_ filter: BoxHessian, stride: Int) {
            let l = filter.lobe, b = filter.border, h = (filter.lobe - 1) / 2
            func box(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int) -> (Int, Int, Int, Int) {
                (y1 * stride + x1, y0 * stride + x1, y1 * stride + x0, y0 * stride + x0)
            }
            let boxes = [
                box(-b, -l + 1, b + 1, l), box(-h, -l + 1, h + 1, l),        // Dxx: whole, middle lobe
                box(-l + 1, -b, l, b + 1), box(-l + 1, -h, l, h + 1),        // Dyy: whole, middle lobe
                box(-l, -l, 0, 0), box(1, 1, l + 1, l + 1),                  // Dxy: + quadrants
                box(1, -l, l + 1, 0), box(-l, 1, 0, l + 1),                  // Dxy: - quadrants
            ]
            offsets = boxes.flatMap { [$0.0, $0.1, $0.2, $0.3] }
            inverseArea = 1 / Double(filter.size * filter.size)
        }

        @inline(__always)
        func determinant(_ sums: UnsafeBufferPointer<Double>, centre: Int) -> Float {
            // Unchecked reads and wrapping sums: every grid point of every layer runs this (see IntegralHaarSampler).
            offsets.withUnsafeBufferPointer { o in
                @inline(__always) func sum(_ k: Int) -> Double {
                    let base = 4 &* k
                    return sums[centre &+ o[base]] - sums[centre &+ o[base &+ 1]] - sums[centre &+ o[base &+ 2]]
                        + sums[centre &+ o[base &+ 3]]
                }
                let xx = (sum(0) - 3 * sum(1)) * inverseArea
                let yy = (sum(2) - 3 * sum(3)) * inverseArea
                let xy = (sum(4) + sum(5) - sum(6) - sum(7)) * inverseArea
                return Float(xx * yy - 0.81 * xy * xy)
            }
        }
    }
}
