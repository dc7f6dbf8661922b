import Foundation

/// SURF's dominant orientation (Bay et al. 2008, section 4.1): Haar responses of side 4s at the sample
/// points within radius 6s, Gaussian weighted (sigma 2s), summed within a 60-degree window that slides
/// around the circle; the longest summed vector gives the direction. Window starts are the sample angles
/// themselves, so the search is exact rather than stepped.
enum SURFOrientation {
    /// Offsets in units of the scale (integer lattice points with i^2 + j^2 < 36) and their Gaussian weights.
    private static let samples: [(i: Float, j: Float, weight: Float)] = {
        var result: [(Float, Float, Float)] = []
        for j in -6...6 {
            for i in -6...6 where i * i + j * j < 36 {
                result.append((Float(i), Float(j), Float(exp(-Double(i * i + j * j) / (2 * 2.0 * 2.0)))))
            }
        }
        return result
    }()

    private static let window = Float.pi / 3

    /// The Haar wavelet radius for a keypoint of scale `scale`: side 2r + 1 nearest to 4s.
    static func haarRadius(scale: Float) -> Int { max(1, Int((2 * scale - 0.5).rounded())) }

    /// Dominant gradient direction in image axes (radians of atan2(dy, dx) with y down), or nil when the
    /// neighbourhood is flat. `sampler` must use `haarRadius(scale:)`.
    static func direction<S: HaarSampler>(x: Float, y: Float, scale: Float, sampler: S) -> Float? {
        var responses: [(angle: Float, dx: Float, dy: Float)] = []
        responses.reserveCapacity(samples.count)
        for sample in samples {
            let px = Int((x + sample.i * scale).rounded()), py = Int((y + sample.j * scale).rounded())
            let r = sampler.response(x: px, y: py)
            let dx = r.dx * sample.weight, dy = r.dy * sample.weight
            if dx == 0 && dy == 0 { continue }
            responses.append((atan2(dy, dx), dx, dy))
        }
        guard !responses.isEmpty else { return nil }
        responses.sort { $0.angle < $1.angle }
        let n = responses.count
        // Two pointers over the circle unrolled twice: the window [angle(start), angle(start) + 60 degrees).
        var end = 0, sumX: Float = 0, sumY: Float = 0
        var best: Float = -1, bestX: Float = 0, bestY: Float = 0
        for start in 0..<n {
            if end < start { end = start; sumX = 0; sumY = 0 }
            let limit = responses[start].angle + window
            while end < start + n {
                let e = responses[end % n]
                let angle = end < n ? e.angle : e.angle + 2 * .pi
                if angle >= limit { break }
                sumX += e.dx; sumY += e.dy
                end += 1
            }
            let length = sumX * sumX + sumY * sumY
            if length > best { best = length; bestX = sumX; bestY = sumY }
            if end > start {
                sumX -= responses[start].dx; sumY -= responses[start].dy
            }
        }
        return atan2(bestY, bestX)
    }
}
