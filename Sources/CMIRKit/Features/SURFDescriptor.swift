import Foundation

/// SURF's 64-value descriptor (Bay et al. 2008, section 4.2): a 20s square window turned to the keypoint's
/// direction, split into 4 x 4 sub-regions of 5 x 5 samples spaced s apart; each sample's Haar response
/// (side 2s) is rotated into the window's axes and Gaussian weighted (sigma 3.3s); each sub-region
/// contributes (sum du, sum dv, sum |du|, sum |dv|). Unit length, so contrast changes cancel.
///
/// The window axes are u = (cos phi, sin phi) and v = (-sin phi, cos phi) in image coordinates (y down):
/// v is u turned by a quarter turn the same way x turns into y, so the frame turns along with the image
/// and rotated copies of a patch produce the same descriptor. Samples are read between pixels (bilinear), which
/// keeps more correspondences under rotation (docs/decisions.md, "SURF sampling and orientation").
enum SURFDescriptor {
    static let length = 64

    /// Gaussian weight of each of the 20 x 20 samples, row-major (v, then u), centred on the keypoint.
    private static let weights: [Float] = (0..<400).map { index in
        let u = Double(index % 20) - 9.5, v = Double(index / 20) - 9.5
        return Float(exp(-(u * u + v * v) / (2 * 3.3 * 3.3)))
    }

    /// The Haar wavelet radius for a keypoint of scale `scale`: side 2r + 1 nearest to 2s.
    static func haarRadius(scale: Float) -> Int { max(1, Int((scale - 0.5).rounded())) }

    /// The unit-length descriptor of the window at (x, y), scale `scale`, turned by `direction` (radians, image
    /// axes as SURFOrientation returns it; 0 for upright), or nil when every response is zero.
    /// `sampler` must use `haarRadius(scale:)`.
    static func compute<S: HaarSampler>(x: Float, y: Float, scale: Float, direction: Float, sampler: S) -> [Float]? {
        if direction == 0 {
            // Upright windows sample an axis-aligned lattice, which samplers can read row by row.
            return withUnsafeTemporaryAllocation(of: Float.self, capacity: 800) { lattice in
                sampler.readLattice(originX: x - 9.5 * scale, originY: y - 9.5 * scale, spacing: scale, size: 20, into: lattice)
                return describe { row, column in (lattice[2 * (20 * row + column)], lattice[2 * (20 * row + column) + 1]) }
            }
        }
        let cosine = cos(direction), sine = sin(direction)
        return describe { row, column in
            let u = (Float(column) - 9.5) * scale, v = (Float(row) - 9.5) * scale
            let r = sampler.response(atX: x + u * cosine - v * sine, y: y + u * sine + v * cosine)
            return (r.dx * cosine + r.dy * sine, r.dy * cosine - r.dx * sine)
        }
    }

    /// Weights and sums the window's responses (`sample(row, column)` gives (du, dv) in window axes) into
    /// the 16 sub-regions, and scales the result to unit length.
    @inline(__always)
    private static func describe(_ sample: (Int, Int) -> (du: Float, dv: Float)) -> [Float]? {
        var values = [Float](repeating: 0, count: length)
        weights.withUnsafeBufferPointer { weight in
            values.withUnsafeMutableBufferPointer { out in
                // One sub-region at a time, its four sums in registers: accumulating straight into `out`
                // chained every sample through memory.
                for region in 0..<16 {
                    let firstRow = 5 * (region / 4), firstColumn = 5 * (region % 4)
                    var sumU: Float = 0, sumV: Float = 0, sumAbsU: Float = 0, sumAbsV: Float = 0
                    for row in firstRow..<(firstRow + 5) {
                        for column in firstColumn..<(firstColumn + 5) {
                            let r = sample(row, column)
                            let w = weight[row * 20 + column]
                            let du = w * r.du, dv = w * r.dv
                            sumU += du
                            sumV += dv
                            sumAbsU += abs(du)
                            sumAbsV += abs(dv)
                        }
                    }
                    out[4 * region] = sumU
                    out[4 * region + 1] = sumV
                    out[4 * region + 2] = sumAbsU
                    out[4 * region + 3] = sumAbsV
                }
            }
        }
        var squared: Float = 0
        for value in values { squared += value * value }
        guard squared > 0, squared.isFinite else { return nil }
        let inverse = 1 / squared.squareRoot()
        for i in values.indices { values[i] *= inverse }
        return values
    }
}
