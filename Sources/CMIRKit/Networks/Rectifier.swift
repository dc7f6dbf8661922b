/// ReLU, max(x, 0). Backward passes the gradient where the output was positive.
final class Rectifier<T: NetworkScalar> {
    private var output: Tensor<T>?

    /// Drops what the last training forward pass kept for backward.
    func releaseTrainingState() { output = nil }

    func forward(_ x: Tensor<T>, training: Bool) -> Tensor<T> {
        var y = x.uninitializedCopyShape()
        x.data.withUnsafeBufferPointer { xp in
            y.data.withUnsafeMutableBufferPointer { p in
                Chunks.forEach(p.count) { range in
                    for i in range { p[i] = max(xp[i], 0) }
                }
            }
        }
        output = training ? y : nil
        return y
    }

    func backward(_ dy: Tensor<T>) -> Tensor<T> {
        guard let y = output else { preconditionFailure("backward without a training forward pass") }
        output = nil
        var dx = dy.uninitializedCopyShape()
        y.data.withUnsafeBufferPointer { yp in
            dy.data.withUnsafeBufferPointer { gp in
                dx.data.withUnsafeMutableBufferPointer { p in
                    Chunks.forEach(p.count) { range in
                        for i in range { p[i] = yp[i] > 0 ? gp[i] : 0 }
                    }
                }
            }
        }
        return dx
    }
}

/// Splits an element-wise loop over the workers in contiguous ranges.
enum Chunks {
    static func forEach(_ count: Int, _ body: (Range<Int>) -> Void) {
        let parts = count < 65_536 ? 1 : NetworkThreads.workers
        let size = (count + parts - 1) / parts
        NetworkThreads.forEach(parts) { part in
            let start = part * size
            if start < count { body(start..<min(count, start + size)) }
        }
    }
}
