import Foundation

/// The CoMIR objective (Pielawski, Wetzer et al. 2020): InfoNCE over a batch of N aligned pairs.
///
/// The 2N representations z (N of modality A, then N of modality B) are compared with the critic
/// s(i, j) = -mean((z_i - z_j)^2) / temperature. Every z_i is an anchor whose positive is its partner in the other
/// modality and whose 2N - 2 negatives are all other representations of both modalities (46 for N = 24), so the loss
/// is symmetric in the two directions: L = mean_i [ -s(i, p(i)) + log sum_{j != i} exp s(i, j) ].
/// L1 and L2 penalties on the activations keep the (unbounded, linear) representations from drifting in scale.
public struct ContrastiveLoss: Codable, Sendable, Equatable {
    public var temperature: Double
    public var l1Penalty: Double
    public var l2Penalty: Double

    public init(temperature: Double = 0.5, l1Penalty: Double = 1e-4, l2Penalty: Double = 1e-4) {
        self.temperature = temperature
        self.l1Penalty = l1Penalty
        self.l2Penalty = l2Penalty
    }

    /// The loss of a batch and its gradients with respect to both batches of representations.
    public struct Evaluation<T: NetworkScalar> {
        /// Contrastive part plus penalties.
        public var total: Double
        public var contrastive: Double
        public var gradientA: Tensor<T>
        public var gradientB: Tensor<T>
    }

    /// Evaluates the loss of representations `a` (modality A) and `b` (modality B), aligned image by image.
    public func evaluate<T: NetworkScalar>(_ a: Tensor<T>, _ b: Tensor<T>) -> Evaluation<T> {
        precondition(a.hasSameShape(as: b) && a.count >= 2, "the loss needs two batches of the same shape, N >= 2")
        let n = a.count, rows = 2 * n, size = a.imageSize
        let z = a.data + b.data
        // Squared distances from the Gram matrix Z Z^T: one GEMM instead of (2N)^2 passes over the images.
        var gram = [T](repeating: 0, count: rows * rows)
        z.withUnsafeBufferPointer { zp in
            gram.withUnsafeMutableBufferPointer { gp in
                T.gemm(transposeA: false, transposeB: true, m: rows, n: rows, k: size, alpha: 1,
                       a: zp.baseAddress!, lda: size, b: zp.baseAddress!, ldb: size, beta: 0, c: gp.baseAddress!, ldc: rows)
            }
        }
        let scale = 1 / (Double(size) * temperature)
        func similarity(_ i: Int, _ j: Int) -> Double {
            let d = Double(gram[i * rows + i]) + Double(gram[j * rows + j]) - 2 * Double(gram[i * rows + j])
            return -max(d, 0) * scale
        }
        // Row-wise log-softmax over j != i; g[i][j] = dL/ds(i, j).
        var contrastive = 0.0
        var g = [Double](repeating: 0, count: rows * rows)
        for i in 0..<rows {
            let positive = (i + n) % rows
            var largest = -Double.infinity
            for j in 0..<rows where j != i { largest = max(largest, similarity(i, j)) }
            var sum = 0.0
            for j in 0..<rows where j != i { sum += exp(similarity(i, j) - largest) }
            let logSum = largest + log(sum)
            contrastive += logSum - similarity(i, positive)
            for j in 0..<rows where j != i {
                g[i * rows + j] = (exp(similarity(i, j) - logSum) - (j == positive ? 1 : 0)) / Double(rows)
            }
        }
        contrastive /= Double(rows)
        // dL/dz_i = sum_j c_ij * 2 (z_i - z_j), c_ij = dL/dd_ij = -(g_ij + g_ji) * scale: dZ = 2 (diag(rowsum c) - C) Z.
        var mixing = [T](repeating: 0, count: rows * rows)
        for i in 0..<rows {
            var rowSum = 0.0
            for j in 0..<rows where j != i {
                let c = -(g[i * rows + j] + g[j * rows + i]) * scale
                mixing[i * rows + j] = T(-2 * c)
                rowSum += c
            }
            mixing[i * rows + i] = T(2 * rowSum)
        }
        var gradient = [T](repeating: 0, count: z.count)
        z.withUnsafeBufferPointer { zp in
            mixing.withUnsafeBufferPointer { mp in
                gradient.withUnsafeMutableBufferPointer { dp in
                    T.gemm(transposeA: false, transposeB: false, m: rows, n: size, k: rows, alpha: 1,
                           a: mp.baseAddress!, lda: rows, b: zp.baseAddress!, ldb: size, beta: 0, c: dp.baseAddress!, ldc: size)
                }
            }
        }
        // Penalties: l1 * mean|z| + l2 * mean z^2, per modality.
        let perModality = Double(n * size)
        var penalty = 0.0
        let l1 = l1Penalty / perModality, l2 = l2Penalty / perModality
        for i in z.indices {
            let v = Double(z[i])
            penalty += l1 * abs(v) + l2 * v * v
            gradient[i] += T(l1 * (v > 0 ? 1 : (v < 0 ? -1 : 0)) + 2 * l2 * v)
        }
        let half = n * size
        return Evaluation(total: contrastive + penalty, contrastive: contrastive,
                          gradientA: Tensor(count: n, channels: a.channels, height: a.height, width: a.width,
                                            data: Array(gradient[0..<half])),
                          gradientB: Tensor(count: n, channels: b.channels, height: b.height, width: b.width,
                                            data: Array(gradient[half...])))
    }
}
