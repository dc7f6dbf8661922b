import Foundation

/// A 2-D similarity transform (uniform scale, rotation, translation) in image coordinates (y down).
/// Written as complex arithmetic: p' = a * p + b with p = x + i y, a = scale * e^(i phi). In a y-down image,
/// multiplying by e^(i phi) turns points clockwise as displayed, so the displayed counter-clockwise angle is -phi.
public struct SimilarityTransform: Sendable, Equatable {
    public var ar: Double, ai: Double   // a = ar + i ai
    public var bx: Double, by: Double   // b = bx + i by

    public init(ar: Double, ai: Double, bx: Double, by: Double) {
        self.ar = ar; self.ai = ai; self.bx = bx; self.by = by
    }

    /// Scale, counter-clockwise rotation as displayed (radians), then translation.
    public init(scale: Double, angle: Double, tx: Double, ty: Double) {
        self.init(ar: scale * cos(-angle), ai: scale * sin(-angle), bx: tx, by: ty)
    }

    public var scale: Double { (ar * ar + ai * ai).squareRoot() }
    /// Counter-clockwise rotation as displayed, in radians, in (-pi, pi].
    public var angle: Double { -atan2(ai, ar) }

    public func apply(_ x: Double, _ y: Double) -> (x: Double, y: Double) {
        (ar * x - ai * y + bx, ai * x + ar * y + by)
    }

    /// The transform taking p1 to q1 and p2 to q2; nil when p1 and p2 coincide.
    public static func through(_ p1: (Double, Double), _ q1: (Double, Double),
                               _ p2: (Double, Double), _ q2: (Double, Double)) -> SimilarityTransform? {
        let dpx = p2.0 - p1.0, dpy = p2.1 - p1.1, dqx = q2.0 - q1.0, dqy = q2.1 - q1.1
        let norm = dpx * dpx + dpy * dpy
        guard norm > 1e-9 else { return nil }
        // a = dq / dp = dq * conj(dp) / |dp|^2
        let ar = (dqx * dpx + dqy * dpy) / norm, ai = (dqy * dpx - dqx * dpy) / norm
        return SimilarityTransform(ar: ar, ai: ai, bx: q1.0 - (ar * p1.0 - ai * p1.1), by: q1.1 - (ai * p1.0 + ar * p1.1))
    }

    /// Least-squares similarity from point pairs (p -> q); nil for fewer than two distinct points.
    public static func fitted(_ pairs: [(p: (Double, Double), q: (Double, Double))]) -> SimilarityTransform? {
        guard pairs.count >= 2 else { return nil }
        let n = Double(pairs.count)
        let mpx = pairs.reduce(0) { $0 + $1.p.0 } / n, mpy = pairs.reduce(0) { $0 + $1.p.1 } / n
        let mqx = pairs.reduce(0) { $0 + $1.q.0 } / n, mqy = pairs.reduce(0) { $0 + $1.q.1 } / n
        var sr = 0.0, si = 0.0, norm = 0.0
        for pair in pairs {
            let px = pair.p.0 - mpx, py = pair.p.1 - mpy, qx = pair.q.0 - mqx, qy = pair.q.1 - mqy
            sr += qx * px + qy * py
            si += qy * px - qx * py
            norm += px * px + py * py
        }
        guard norm > 1e-9 else { return nil }
        let ar = sr / norm, ai = si / norm
        return SimilarityTransform(ar: ar, ai: ai, bx: mqx - (ar * mpx - ai * mpy), by: mqy - (ai * mpx + ar * mpy))
    }
}
