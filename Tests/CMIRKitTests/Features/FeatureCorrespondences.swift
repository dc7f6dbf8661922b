import CMIRKit
import Foundation

/// Ground-truth matching of features between an image and a copy warped by a known transform:
/// repeatability (Mikolajczyk-Schmid style, position only) and the corresponding pairs.
struct FeatureCorrespondences {
    let original: [Feature]
    let warped: [Feature]
    /// Maps original pixel coordinates to warped ones.
    let transform: CMIRKit.AffineTransform
    let width: Int
    let height: Int
    /// Points this close to either frame's border (counted in either image) are outside the overlap: the
    /// warped image's edge against its fill is an artificial structure.
    var margin: Double = 16
    var tolerance: Double = 2.5
    /// When set, a pair must also agree in scale (after the transform's own scaling) within this factor.
    var scaleTolerance: Double?

    private var inverse: CMIRKit.AffineTransform {
        let (a, b, c, d, e, f) = transform.m
        let det = a * e - b * d
        return CMIRKit.AffineTransform(e / det, -b / det, (b * f - c * e) / det, -d / det, a / det, (c * d - a * f) / det)
    }

    private func inside(_ p: (x: Double, y: Double)) -> Bool {
        p.x >= margin && p.y >= margin && p.x <= Double(width - 1) - margin && p.y <= Double(height - 1) - margin
    }

    /// Original features in the overlap, with their positions in the warped frame.
    var originalInOverlap: [(feature: Feature, mapped: (x: Double, y: Double))] {
        original.compactMap { f in
            let mapped = transform.apply(Double(f.x), Double(f.y))
            return inside((Double(f.x), Double(f.y))) && inside(mapped) ? (f, mapped) : nil
        }
    }

    /// Warped features in the overlap.
    var warpedInOverlap: [Feature] {
        let back = inverse
        return warped.filter { f in inside((Double(f.x), Double(f.y))) && inside(back.apply(Double(f.x), Double(f.y))) }
    }

    /// For each original feature in the overlap, the nearest warped feature within the tolerance, if any.
    var pairs: [(original: Feature, warped: Feature)] {
        let candidates = warpedInOverlap
        let (a, b, _, _, _, _) = transform.m
        let zoom = (a * a + b * b).squareRoot()
        return originalInOverlap.compactMap { entry in
            var best: (Feature, Double)?
            for g in candidates {
                if let factor = scaleTolerance {
                    let ratio = Double(g.scale) / (Double(entry.feature.scale) * zoom)
                    if ratio > factor || ratio < 1 / factor { continue }
                }
                let d = hypot(Double(g.x) - entry.mapped.x, Double(g.y) - entry.mapped.y)
                if d <= tolerance && d < (best?.1 ?? .infinity) { best = (g, d) }
            }
            return best.map { (entry.feature, $0.0) }
        }
    }

    /// Repeated points over the smaller of the two overlap counts; a warped point matched by several
    /// original points counts once.
    var repeatability: Double {
        let found = pairs
        let distinctWarped = Set(found.map { "\($0.warped.x),\($0.warped.y),\($0.warped.scale)" }).count
        let denominator = min(originalInOverlap.count, warpedInOverlap.count)
        return denominator == 0 ? 0 : Double(min(found.count, distinctWarped)) / Double(denominator)
    }
}
