import Foundation

/// SURF's 64-value descriptor (Bay et al. 2008, section 4.2): a 20s square window turned to the keypoint's
/// direction, split into 4 x 4 sub-regions of 5 x 5 samples spaced s apart; each sample's Haar response
/// (side 2s) is rotated into the window's axes and Gaussian weighted (sigma 3.3s); each sub-region
/// contributes (sum du, sum dv, sum |du|, sum |dv|). Unit length, so contrast changes cancel.
///
/// The window axes are u = (cos phi, sin phi) and v = (-sin phi, cos phi) in image coordinates (y down):
/// v is u turned by a quarter turn the same way x turns into y, so the frame turns along with the image
/// and rotated copies of a patch produce the same descriptor. Samples are read at the nearest pixel.
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
        let cosine = cos(direction), sine = sin(direction)
        var values = [Float](repeating: 0, count: length)
        weights.withUnsafeBufferPointer { weight in
            values.withUnsafeMutableBufferPointer { out in
                for row in 0..<20 {
                    let v = (Float(row) - 9.5) * scale
                    for column in 0..<20 {
                        let u = (Float(column) - 9.5) * scale
                        let px = Int((x + u * cosine - v * sine).rounded())
                        let py = Int((y + u * sine + v * cosine).rounded())
                        let r = sampler.response(x: px, y: py)
                        let w = weight[row * 20 + column]
                        let du = w * (r.dx * cosine + r.dy * sine)
                        let dv = w * (r.dy * cosine - r.dx * sine)
                        let bin = 4 * ((row / 5) * 4 + column / 5)
                        out[bin] += du
                        out[bin + 1] += dv
                        out[bin + 2] += abs(du)
                        out[bin + 3] += abs(dv)
                    }
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
