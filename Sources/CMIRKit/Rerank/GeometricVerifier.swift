import Foundation

/// A putative match between a query feature and a repository-image feature (e.g. same visual word).
public struct Correspondence: Sendable {
    public var queryIndex: Int
    public var targetIndex: Int
    public var query: (x: Double, y: Double)
    public var target: (x: Double, y: Double)
    /// How much an inlier counts (e.g. the word's idf, shared among its candidate matches).
    public var weight: Double
    /// The rotation (radians, counter-clockwise as displayed) from query to target that the two features'
    /// orientations imply; nil for upright features. With it, one correspondence makes a hypothesis.
    public var rotation: Double?

    public init(queryIndex: Int, targetIndex: Int, query: (x: Double, y: Double), target: (x: Double, y: Double),
                weight: Double, rotation: Double? = nil) {
        self.queryIndex = queryIndex; self.targetIndex = targetIndex
        self.query = query; self.target = target; self.weight = weight; self.rotation = rotation
    }
}

/// The transform that explains most correspondences and the ones it explains.
public struct VerifiedGeometry: Sendable {
    public var transform: SimilarityTransform
    /// Indices into the correspondence list, at most one per query feature and one per target feature.
    public var inliers: [Int]
    /// Sum of the inliers' weights.
    public var score: Double
}

/// RANSAC over similarity hypotheses, refined by least squares on the inliers. Oriented correspondences give
/// a hypothesis each (rotation from the orientations, unit scale, shift from the positions), which finds
/// the transform even when only a few percent of correspondences are right; upright ones need pairs.
/// Bag-of-words ranking ignores where words are; requiring many words to agree on one rotation, scale and
/// shift is what separates the true image from ones that merely share texture.
public struct GeometricVerifier: Sendable {
    /// Largest distance (px, in the target image) between a mapped query point and its match.
    public var tolerance: Double
    /// Accepted scale between query and target (the query is usually at about the target's scale).
    public var scaleRange: ClosedRange<Double>
    /// Largest difference (radians) between an oriented correspondence's own rotation and the transform's
    /// for it to count as an inlier: two features that agree in place but not in orientation are a chance
    /// coincidence, not the same structure.
    public var angleTolerance: Double
    public var iterations: Int
    public var seed: UInt64

    public init(tolerance: Double, scaleRange: ClosedRange<Double> = 0.6...1.6, angleTolerance: Double = .pi,
                iterations: Int = 500, seed: UInt64 = 1) {
        self.tolerance = tolerance; self.scaleRange = scaleRange; self.angleTolerance = angleTolerance
        self.iterations = iterations; self.seed = seed
    }

    /// The best-supported transform, or nil when fewer than three correspondences agree.
    public func verify(_ matches: [Correspondence]) -> VerifiedGeometry? {
        guard matches.count >= 3 else { return nil }
        var random = SeededRandom(seed: seed)
        var best: VerifiedGeometry?
        for _ in 0..<iterations {
            guard let hypothesis = hypothesis(from: matches, using: &random) else { continue }
            let candidate = support(of: hypothesis, in: matches)
            if candidate.score > (best?.score ?? 0) { best = candidate }
        }
        guard var result = best, result.inliers.count >= 3 else { return nil }
        // Refine twice: a least-squares fit on the inliers, then the inliers of that fit.
        for _ in 0..<2 {
            guard let refined = SimilarityTransform.fitted(result.inliers.map { pair(matches[$0]) }),
                  scaleRange.contains(refined.scale) else { break }
            let candidate = support(of: refined, in: matches)
            if candidate.score >= result.score { result = candidate } else { break }
        }
        return result.inliers.count >= 3 ? result : nil
    }

    /// A transform drawn from one oriented correspondence, or from two upright ones.
    private func hypothesis(from matches: [Correspondence], using random: inout SeededRandom) -> SimilarityTransform? {
        let first = matches[random.index(below: matches.count)]
        if let rotation = first.rotation {
            let turn = SimilarityTransform(scale: 1, angle: rotation, tx: 0, ty: 0)
            let moved = turn.apply(first.query.x, first.query.y)
            return SimilarityTransform(scale: 1, angle: rotation, tx: first.target.x - moved.x, ty: first.target.y - moved.y)
        }
        let second = matches[random.index(below: matches.count)]
        guard first.queryIndex != second.queryIndex, first.targetIndex != second.targetIndex,
              let transform = SimilarityTransform.through(pair(first).p, pair(first).q, pair(second).p, pair(second).q),
              scaleRange.contains(transform.scale) else { return nil }
        return transform
    }

    private func pair(_ c: Correspondence) -> (p: (Double, Double), q: (Double, Double)) {
        ((c.query.x, c.query.y), (c.target.x, c.target.y))
    }

    /// An angle difference brought into [-pi, pi] (cheaper than `remainder`, which this loop would call
    /// for every correspondence of every hypothesis).
    private static func wrapped(_ angle: Double) -> Double {
        angle - 2 * .pi * (angle / (2 * .pi)).rounded(.toNearestOrEven)
    }

    /// Inliers of a transform, greedily one per query and per target feature, closest first.
    private func support(of transform: SimilarityTransform, in matches: [Correspondence]) -> VerifiedGeometry {
        var close: [(index: Int, error: Double)] = []
        let limit = tolerance * tolerance
        let angle = transform.angle
        for (index, match) in matches.enumerated() {
            if let rotation = match.rotation, abs(Self.wrapped(rotation - angle)) > angleTolerance { continue }
            let mapped = transform.apply(match.query.x, match.query.y)
            let dx = mapped.x - match.target.x, dy = mapped.y - match.target.y
            let error = dx * dx + dy * dy
            if error <= limit { close.append((index, error)) }
        }
        close.sort { $0.error < $1.error || ($0.error == $1.error && $0.index < $1.index) }
        var usedQuery = Set<Int>(), usedTarget = Set<Int>()
        var inliers: [Int] = []
        var score = 0.0
        for entry in close {
            let match = matches[entry.index]
            guard usedQuery.insert(match.queryIndex).inserted else { continue }
            guard usedTarget.insert(match.targetIndex).inserted else { usedQuery.remove(match.queryIndex); continue }
            inliers.append(entry.index)
            score += match.weight
        }
        return VerifiedGeometry(transform: transform, inliers: inliers.sorted(), score: score)
    }
}
