/// A blob found by the fast-Hessian detector: sub-pixel centre, Gaussian scale in pixels, det(H) response.
struct Keypoint: Sendable, Equatable {
    var x: Float
    var y: Float
    var scale: Float
    var strength: Float
}

/// SURF's interest point detector (Bay et al. 2008, section 3): local maxima of the box-filter Hessian
/// determinant over position and scale.
///
/// Octave o holds four filters of sizes 3 * (2^(o+1) * (i+1) + 1) (9, 15, 21, 27; 15, 27, 39, 51; ...),
/// sampled every 2^o pixels. Every filter response sits above `threshold`, beats its 26 neighbours in a
/// 3 x 3 x 3 block of (x, y, filter) and is refined by fitting a quadratic to that block (Brown and Lowe).
public struct FastHessianDetector: Sendable {
    /// Smallest det(H) kept, on images in [0, 1] with responses normalised by filter area (OpenCV's
    /// hessianThreshold of 65 on 0-255 images); docs/decisions.md, "SURF detector threshold".
    public static let defaultThreshold: Float = 0.001

    public var threshold: Float
    public var octaves: Int
    /// Keep only this many of the strongest points (nil: all above the threshold).
    public var maximumKeypoints: Int?

    public init(threshold: Float = defaultThreshold, octaves: Int = 4, maximumKeypoints: Int? = nil) {
        self.threshold = threshold
        self.octaves = octaves
        self.maximumKeypoints = maximumKeypoints
    }

    /// Detected keypoints, strongest first (ties broken by position, so the order is reproducible).
    func detect(_ integral: IntegralImage) -> [Keypoint] {
        var found: [Keypoint] = []
        for octave in 0..<octaves {
            guard let layers = ResponseLayer.octave(octave, of: integral) else { break }
            for middle in 1...2 {
                found += maxima(below: layers[middle - 1], at: layers[middle], above: layers[middle + 1])
            }
        }
        found.sort { a, b in
            if a.strength != b.strength { return a.strength > b.strength }
            if a.y != b.y { return a.y < b.y }
            if a.x != b.x { return a.x < b.x }
            return a.scale < b.scale
        }
        if let cap = maximumKeypoints, found.count > cap { found.removeLast(found.count - cap) }
        return found
    }

    /// Refined local maxima of `layer` against its neighbours in all three layers (rows in parallel).
    private func maxima(below: ResponseLayer, at layer: ResponseLayer, above: ResponseLayer) -> [Keypoint] {
        // Every neighbour must hold a valid response in all three layers; the largest filter fits least.
        let lo = above.validLow + 1, hiX = above.validHighX - 1, hiY = above.validHighY - 1
        guard lo <= hiX, lo <= hiY else { return [] }
        let rows = ParallelMap.map(hiY - lo + 1) { row -> [Keypoint] in
            let j = lo + row
            var points: [Keypoint] = []
            for i in lo...hiX {
                let v = layer[i, j]
                guard v > threshold, isMaximum(v, i, j, below, layer, above) else { continue }
                if let point = refine(i, j, below, layer, above) { points.append(point) }
            }
            return points
        }
        return rows.flatMap { $0 }
    }

    private func isMaximum(_ v: Float, _ i: Int, _ j: Int,
                           _ below: ResponseLayer, _ layer: ResponseLayer, _ above: ResponseLayer) -> Bool {
        for dy in -1...1 {
            for dx in -1...1 {
                if below[i + dx, j + dy] >= v || above[i + dx, j + dy] >= v { return false }
                if (dx != 0 || dy != 0) && layer[i + dx, j + dy] >= v { return false }
            }
        }
        return true
    }

    /// Sub-pixel, sub-scale position from the quadratic through the 3 x 3 x 3 block (Newton step
    /// offset = -H^-1 g); rejected when the step leaves the block, i.e. the maximum lies nearer a neighbour.
    private func refine(_ i: Int, _ j: Int,
                        _ below: ResponseLayer, _ layer: ResponseLayer, _ above: ResponseLayer) -> Keypoint? {
        let v = layer[i, j]
        let gx = (layer[i + 1, j] - layer[i - 1, j]) / 2
        let gy = (layer[i, j + 1] - layer[i, j - 1]) / 2
        let gs = (above[i, j] - below[i, j]) / 2
        let hxx = layer[i + 1, j] + layer[i - 1, j] - 2 * v
        let hyy = layer[i, j + 1] + layer[i, j - 1] - 2 * v
        let hss = above[i, j] + below[i, j] - 2 * v
        let hxy = (layer[i + 1, j + 1] - layer[i - 1, j + 1] - layer[i + 1, j - 1] + layer[i - 1, j - 1]) / 4
        let hxs = (above[i + 1, j] - above[i - 1, j] - below[i + 1, j] + below[i - 1, j]) / 4
        let hys = (above[i, j + 1] - above[i, j - 1] - below[i, j + 1] + below[i, j - 1]) / 4
        guard let offset = Symmetric3.solve(hxx, hyy, hss, hxy, hxs, hys, -gx, -gy, -gs),
              abs(offset.0) < 1, abs(offset.1) < 1, abs(offset.2) < 1 else { return nil }
        let step = Float(layer.step)
        let size = Float(layer.filter.size) + offset.2 * Float(above.filter.size - layer.filter.size)
        return Keypoint(x: (Float(i) + offset.0) * step, y: (Float(j) + offset.1) * step,
                        scale: 1.2 * size / 9, strength: v + 0.5 * (gx * offset.0 + gy * offset.1 + gs * offset.2))
    }
}

/// Solving a 3 x 3 symmetric system by Cramer's rule (the refinement's Newton step).
private enum Symmetric3 {
    /// x with [[a, d, e], [d, b, f], [e, f, c]] x = (r0, r1, r2); nil when the matrix is (nearly) singular.
    static func solve(_ a: Float, _ b: Float, _ c: Float, _ d: Float, _ e: Float, _ f: Float,
                      _ r0: Float, _ r1: Float, _ r2: Float) -> (Float, Float, Float)? {
        let c00 = b * c - f * f, c01 = e * f - d * c, c02 = d * f - b * e
        let det = a * c00 + d * c01 + e * c02
        guard abs(det) > 1e-30, det.isFinite else { return nil }
        let c11 = a * c - e * e, c12 = d * e - a * f, c22 = a * b - d * d
        return ((c00 * r0 + c01 * r1 + c02 * r2) / det,
                (c01 * r0 + c11 * r1 + c12 * r2) / det,
                (c02 * r0 + c12 * r1 + c22 * r2) / det)
    }
}
