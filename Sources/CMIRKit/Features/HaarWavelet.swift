/// Where SURF's orientation and descriptor read image gradients: Haar wavelet responses (right half minus
/// left half, bottom half minus top half, in image axes with y down) of side 2 * radius + 1 centred on a pixel.
/// A wavelet that does not fit inside the image responds (0, 0): padding the outside with any value would
/// invent an edge along the border (and give a flat image features).
protocol HaarSampler {
    func response(x: Int, y: Int) -> (dx: Float, dy: Float)
    /// The response at a sub-pixel position, bilinear between the four surrounding pixels: sample points of
    /// a rotated or sub-pixel keypoint fall between pixels, and rounding them would jitter the gradients.
    func response(atX x: Float, y: Float) -> (dx: Float, dy: Float)
    /// Bilinear responses on the size x size lattice origin + spacing * (column, row), written row-major as
    /// interleaved (dx, dy) pairs: what an upright SURF window reads.
    func readLattice(originX: Float, originY: Float, spacing: Float, size: Int, into out: UnsafeMutableBufferPointer<Float>)
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
        // Wrapping arithmetic: the hottest loop of SURF, on indices bounded by the image (checks cost a fifth
        // of SURF's time; docs/decisions.md, "Swift's checks").
        let x0 = x &- radius, x3 = x &+ radius &+ 1, y0 = y &- radius, y3 = y &+ radius &+ 1
        if x0 < 0 || y0 < 0 || x3 > w || y3 > h { return (0, 0) }
        let stride = w &+ 1
        return integral.sums.withUnsafeBufferPointer { s in
            let top = y0 &* stride, mid0 = y &* stride, mid1 = mid0 &+ stride, bottom = y3 &* stride
            let t0 = s[top &+ x0], t1 = s[top &+ x], t2 = s[top &+ x &+ 1], t3 = s[top &+ x3]
            let b0 = s[bottom &+ x0], b1 = s[bottom &+ x], b2 = s[bottom &+ x &+ 1], b3 = s[bottom &+ x3]
            let left = b1 - t1 - b0 + t0
            let right = b3 - t3 - b2 + t2
            let upper = s[mid0 &+ x3] - t3 - s[mid0 &+ x0] + t0
            let lower = b3 - s[mid1 &+ x3] - b0 + s[mid1 &+ x0]
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

    /// Separable bilinear reads: the lattice's column and row positions and weights are found once, not for
    /// every sample (the upright dense grid's hot path). Lattices reaching past the border take the general path.
    func readLattice(originX: Float, originY: Float, spacing: Float, size: Int, into out: UnsafeMutableBufferPointer<Float>) {
        let lastX = originX + Float(size - 1) * spacing, lastY = originY + Float(size - 1) * spacing
        guard originX >= 0, originY >= 0, Int(lastX) + 1 < width, Int(lastY) + 1 < height else {
            return readLatticeSampleBySample(originX: originX, originY: originY, spacing: spacing, size: size, into: out)
        }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: size) { columns in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: size) { fractions in
                for column in 0..<size {
                    let x = originX + Float(column) * spacing
                    columns[column] = 2 * Int(x)
                    fractions[column] = x - Float(Int(x))
                }
                values.withUnsafeBufferPointer { v in
                    for row in 0..<size {
                        let y = originY + Float(row) * spacing
                        let top = 2 * width * Int(y), bottom = top + 2 * width, ay = y - Float(Int(y))
                        for column in 0..<size {
                            let i = top + columns[column], j = bottom + columns[column], ax = fractions[column]
                            let upperX = v[i] + ax * (v[i + 2] - v[i]), upperY = v[i + 1] + ax * (v[i + 3] - v[i + 1])
                            let lowerX = v[j] + ax * (v[j + 2] - v[j]), lowerY = v[j + 1] + ax * (v[j + 3] - v[j + 1])
                            out[2 * (row * size + column)] = upperX + ay * (lowerX - upperX)
                            out[2 * (row * size + column) + 1] = upperY + ay * (lowerY - upperY)
                        }
                    }
                }
            }
        }
    }

    /// Bilinear as the default, with one bounds test and four adjacent reads where all four pixels exist
    /// (the dense grid's hot path).
    @inline(__always)
    func response(atX x: Float, y: Float) -> (dx: Float, dy: Float) {
        // Truncation is the floor for the non-negative coordinates this fast path takes (and, unlike
        // rounded(.down), needs no libm call on baseline x86-64).
        guard x >= 0, y >= 0 else { return bilinear(x: x, y: y) }
        let ix = Int(x), iy = Int(y)
        guard ix + 1 < width, iy + 1 < height else { return bilinear(x: x, y: y) }
        let ax = x - Float(ix), ay = y - Float(iy)
        return values.withUnsafeBufferPointer { v in
            let i = 2 * (iy * width + ix), j = i + 2 * width
            let top = (v[i] + ax * (v[i + 2] - v[i]), v[i + 1] + ax * (v[i + 3] - v[i + 1]))
            let bottom = (v[j] + ax * (v[j + 2] - v[j]), v[j + 1] + ax * (v[j + 3] - v[j + 1]))
            return (top.0 + ay * (bottom.0 - top.0), top.1 + ay * (bottom.1 - top.1))
        }
    }
}

extension HaarSampler {
    @inline(__always)
    func response(atX x: Float, y: Float) -> (dx: Float, dy: Float) { bilinear(x: x, y: y) }

    func readLattice(originX: Float, originY: Float, spacing: Float, size: Int, into out: UnsafeMutableBufferPointer<Float>) {
        readLatticeSampleBySample(originX: originX, originY: originY, spacing: spacing, size: size, into: out)
    }

    /// `readLattice` one `response(atX:y:)` at a time.
    func readLatticeSampleBySample(originX: Float, originY: Float, spacing: Float, size: Int,
                                   into out: UnsafeMutableBufferPointer<Float>) {
        for row in 0..<size {
            for column in 0..<size {
                let r = response(atX: originX + Float(column) * spacing, y: originY + Float(row) * spacing)
                out[2 * (row * size + column)] = r.dx
                out[2 * (row * size + column) + 1] = r.dy
            }
        }
    }

    /// Bilinear interpolation of the four surrounding pixels' responses (outside pixels respond zero).
    @inline(__always)
    func bilinear(x: Float, y: Float) -> (dx: Float, dy: Float) {
        let fx = x.rounded(.down), fy = y.rounded(.down)
        let ix = Int(fx), iy = Int(fy), ax = x - fx, ay = y - fy
        let r00 = response(x: ix, y: iy), r10 = response(x: ix &+ 1, y: iy)
        let r01 = response(x: ix, y: iy &+ 1), r11 = response(x: ix &+ 1, y: iy &+ 1)
        let w00 = (1 - ax) * (1 - ay), w10 = ax * (1 - ay), w01 = (1 - ax) * ay, w11 = ax * ay
        return (w00 * r00.dx + w10 * r10.dx + w01 * r01.dx + w11 * r11.dx,
                w00 * r00.dy + w10 * r10.dy + w01 * r01.dy + w11 * r11.dy)
    }
}
