/// Where SURF's orientation and descriptor read image gradients: Haar wavelet responses (right half minus
/// left half, bottom half minus top half, in image axes with y down) of side 2 * radius + 1 centred on a pixel.
/// A wavelet that does not fit inside the image responds (0, 0): padding the outside with any value would
/// invent an edge along the border (and give a flat image features).
protocol HaarSampler {
    func response(x: Int, y: Int) -> (dx: Float, dy: Float)
}

/// Haar responses computed on demand from the integral image: twelve table lookups per sample, any radius.
/// Used for detected keypoints, whose scales are continuous so that no two share a wavelet size for long.
struct IntegralHaarSampler: HaarSampler {
    let integral: IntegralImage
    let radius: Int

    @inline(__always)
    func response(x: Int, y: Int) -> (dx: Float, dy: Float) {
        let w = integral.width, h = integral.height
        // Halves of r x (2r + 1) px on either side of the centre row or column, which neither counts: the
        // wavelet is symmetric about the pixel, so quarter turns of the image turn its responses exactly.
        let x0 = x - radius, x3 = x + radius + 1, y0 = y - radius, y3 = y + radius + 1
        if x0 < 0 || y0 < 0 || x3 > w || y3 > h { return (0, 0) }
        let stride = w + 1
        return integral.sums.withUnsafeBufferPointer { s in
            let top = y0 * stride, mid0 = y * stride, mid1 = (y + 1) * stride, bottom = y3 * stride
            let t0 = s[top + x0], t1 = s[top + x], t2 = s[top + x + 1], t3 = s[top + x3]
            let b0 = s[bottom + x0], b1 = s[bottom + x], b2 = s[bottom + x + 1], b3 = s[bottom + x3]
            let left = b1 - t1 - b0 + t0
            let right = b3 - t3 - b2 + t2
            let upper = s[mid0 + x3] - t3 - s[mid0 + x0] + t0
            let lower = b3 - s[mid1 + x3] - b0 + s[mid1 + x0]
            return (Float(right - left), Float(lower - upper))
        }
    }
}

/// Haar responses of one radius precomputed for every pixel. Dense grids sample the same few wavelet sizes
/// at thousands of overlapping points: one sequential pass per size replaces ~10x more scattered lookups.
struct HaarResponseMap: HaarSampler {
    let width: Int
    let height: Int
    /// Interleaved (dx, dy) per pixel, row-major.
    let values: [Float]

    init(_ integral: IntegralImage, radius: Int) {
        width = integral.width
        height = integral.height
        let sampler = IntegralHaarSampler(integral: integral, radius: radius)
        let w = width
        values = ParallelMap.rows(count: height, width: 2 * width) { y, row in
            for x in 0..<w {
                let r = sampler.response(x: x, y: y)
                row[2 * x] = r.dx
                row[2 * x + 1] = r.dy
            }
        }
    }

    @inline(__always)
    func response(x: Int, y: Int) -> (dx: Float, dy: Float) {
        if x < 0 || y < 0 || x >= width || y >= height { return (0, 0) }
        return values.withUnsafeBufferPointer { v in
            let i = 2 * (y * width + x)
            return (v[i], v[i + 1])
        }
    }
}
