import Foundation

/// SURF's dominant orientation (Bay et al. 2008, section 4.1): Haar responses of side 4s at the sample
/// points within radius 6s, Gaussian weighted (sigma 2s), summed within a 60-degree window that slides
/// around the circle; the longest summed vector gives the direction. Window starts are the sample angles
/// themselves, so the search is exact rather than stepped. Sample points are read between pixels
/// (bilinear), and the direction is then refined by mean shift (below).
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
        // Sorted by angle through packed keys (24-bit angle, 8-bit sample index): plain integer sorting is
        // several times faster than sorting tuples by a closure, and this runs for every grid point.
        var keys: [UInt32] = [], gradients: [(dx: Float, dy: Float)] = []
        keys.reserveCapacity(samples.count)
        gradients.reserveCapacity(samples.count)
        for sample in samples {
            let r = sampler.response(atX: x + sample.i * scale, y: y + sample.j * scale)
            let dx = r.dx * sample.weight, dy = r.dy * sample.weight
            if dx == 0 && dy == 0 { continue }
            let turn = min((approximateAtan2(dy, dx) + .pi) * angleKeyScale, Float(angleKeyMaximum))
            keys.append(UInt32(turn) << 8 | UInt32(gradients.count))
            gradients.append((dx, dy))
        }
        guard !keys.isEmpty else { return nil }
        keys.sort()
        let responses = keys.map { key -> (angle: Float, dx: Float, dy: Float) in
            let g = gradients[Int(key & 255)]
            return (Float(key >> 8) / angleKeyScale - .pi, g.dx, g.dy)
        }
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
        return refined(atan2(bestY, bestX), responses)
    }

    private static let angleKeyMaximum: UInt32 = (1 << 24) - 1
    private static let angleKeyScale = Float(angleKeyMaximum) / (2 * .pi)

    /// atan2 within 1e-5 rad (a minimax polynomial for atan on [0, 1], then octant symmetry): libm's atan2
    /// took a fifth of the oriented grid's time.
    @inline(__always)
    static func approximateAtan2(_ y: Float, _ x: Float) -> Float {
        let ax = abs(x), ay = abs(y)
        let large = max(ax, ay)
        if large == 0 { return 0 }
        let z = min(ax, ay) / large, z2 = z * z
        var a = z * (0.99997726 + z2 * (-0.33262347 + z2 * (0.19354346 + z2 * (-0.11643287 + z2 * (0.05265332 + z2 * -0.01172120)))))
        if ay > ax { a = .pi / 2 - a }
        if x < 0 { a = .pi - a }
        return y < 0 ? -a : a
    }

    /// Angular spread (radians) of the kernel that refines the window's direction: about 30 degrees.
    private static let refinementSpread: Float = 0.5

    /// The window's hard edges make its direction jump as single responses enter or leave it when the image
    /// is resampled. A few mean-shift steps with a smooth angular kernel move the direction to the nearby
    /// mode of the response distribution instead (docs/decisions.md, "SURF sampling and orientation").
    private static func refined(_ start: Float, _ responses: [(angle: Float, dx: Float, dy: Float)]) -> Float {
        var theta = start
        let k = 1 / (2 * refinementSpread * refinementSpread)
        for _ in 0..<3 {
            var sumX: Float = 0, sumY: Float = 0
            for response in responses {
                // Both angles lie in [-pi, pi]: one wrap brings the difference there too.
                var d = response.angle - theta
                if d > .pi { d -= 2 * .pi } else if d < -.pi { d += 2 * .pi }
                let w = exp(-d * d * k)
                sumX += w * response.dx
                sumY += w * response.dy
            }
            theta = atan2(sumY, sumX)
        }
        return theta
    }
}
