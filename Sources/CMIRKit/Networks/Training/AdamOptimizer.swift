import Foundation

/// Adam (Kingma & Ba) over a fixed list of parameters. Its moments and step count are part of a checkpoint,
/// so a resumed run continues exactly where the killed one stopped.
final class AdamOptimizer<T: NetworkScalar> {
    let beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8
    private(set) var step = 0
    var firstMoments: [[T]]
    var secondMoments: [[T]]

    init(parameters: [Parameter<T>]) {
        firstMoments = parameters.map { [T](repeating: 0, count: $0.value.count) }
        secondMoments = firstMoments
    }

    /// Restores saved state (from a checkpoint).
    func restore(step: Int, first: [[T]], second: [[T]]) {
        precondition(first.count == firstMoments.count && second.count == secondMoments.count)
        self.step = step
        firstMoments = first
        secondMoments = second
    }

    /// One update with the parameters' current gradients; gradients whose global norm exceeds `clipNorm` are
    /// scaled down to it first (stability with the unbounded MSE critic).
    func update(_ parameters: [Parameter<T>], learningRate: Double, clipNorm: Double?) {
        step += 1
        var norm = 0.0
        for p in parameters { for g in p.gradient { norm += Double(g) * Double(g) } }
        norm = norm.squareRoot()
        let clip = clipNorm.map { norm > $0 ? $0 / norm : 1 } ?? 1
        let correction1 = 1 - pow(beta1, Double(step)), correction2 = 1 - pow(beta2, Double(step))
        let stepSize = T(learningRate * correction2.squareRoot() / correction1)
        let b1 = T(beta1), b2 = T(beta2), eps = T(epsilon * correction2.squareRoot()), c = T(clip)
        for (index, parameter) in parameters.enumerated() {
            firstMoments[index].withUnsafeMutableBufferPointer { m in
                secondMoments[index].withUnsafeMutableBufferPointer { v in
                    parameter.gradient.withUnsafeBufferPointer { g in
                        parameter.value.withUnsafeMutableBufferPointer { w in
                            for i in 0..<w.count {
                                let gi = g[i] * c
                                m[i] = b1 * m[i] + (1 - b1) * gi
                                v[i] = b2 * v[i] + (1 - b2) * gi * gi
                                w[i] -= stepSize * m[i] / (v[i].squareRoot() + eps)
                            }
                        }
                    }
                }
            }
        }
    }
}
