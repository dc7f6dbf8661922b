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
    func determinant(_ integral: IntegralImage, x: Int, y: Int) -> Float {
        let l = lobe, b = border, h = (lobe - 1) / 2
        let dxx = integral.boxSum(x0: x - b, y0: y - l + 1, x1: x + b + 1, y1: y + l)
            - 3 * integral.boxSum(x0: x - h, y0: y - l + 1, x1: x + h + 1, y1: y + l)
        let dyy = integral.boxSum(x0: x - l + 1, y0: y - b, x1: x + l, y1: y + b + 1)
            - 3 * integral.boxSum(x0: x - l + 1, y0: y - h, x1: x + l, y1: y + h + 1)
        let dxy = integral.boxSum(x0: x - l, y0: y - l, x1: x, y1: y)
            + integral.boxSum(x0: x + 1, y0: y + 1, x1: x + l + 1, y1: y + l + 1)
            - integral.boxSum(x0: x + 1, y0: y - l, x1: x + l + 1, y1: y)
            - integral.boxSum(x0: x - l, y0: y + 1, x1: x, y1: y + l + 1)
        let area = Double(size * size)
        let xx = dxx / area, yy = dyy / area, xy = dxy / area
        return Float(xx * yy - 0.81 * xy * xy)
    }
}
