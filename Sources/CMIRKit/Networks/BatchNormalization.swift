/// Batch normalisation over (images, rows, columns) per channel.
///
/// Chosen over group or instance normalisation for one property: at inference it uses running statistics, so it
/// is a fixed per-channel affine map and the network's output at a pixel depends only on the pixels around it.
/// That makes tiled inference of huge images agree with whole-image inference, and a sub-image query produce
/// the same representation as the same region inside its full image; statistics computed per image or per tile
/// (instance/group norm) would change with the crop.
final class BatchNormalization<T: NetworkScalar> {
    let channels: Int
    let scale: Parameter<T>
    let shift: Parameter<T>
    /// Running statistics, updated with `momentum` during training, used at inference.
    var runningMean: [T]
    var runningVariance: [T]
    /// Weight of the newest batch in the running statistics (1 / k for the k-th batch of a recalibration
    /// gives their plain average).
    var momentum = 0.1
    let epsilon = 1e-5
    private var normalized: Tensor<T>?

    /// Drops what the last training forward pass kept for backward.
    func releaseTrainingState() { normalized = nil }
    private var inverseDeviation: [Double] = []

    init(name: String, channels: Int) {
        self.channels = channels
        scale = Parameter(name: name + ".scale", value: [T](repeating: 1, count: channels))
        shift = Parameter(name: name + ".shift", value: [T](repeating: 0, count: channels))
        runningMean = [T](repeating: 0, count: channels)
        runningVariance = [T](repeating: 1, count: channels)
    }

    var parameters: [Parameter<T>] { [scale, shift] }

    /// Inference as a per-channel affine map (running statistics), to fold into the preceding convolution.
    var inferenceAffine: (scale: [T], shift: [T]) {
        var scales = [T](), shifts = [T]()
        for c in 0..<channels {
            let inverse = 1 / (Double(runningVariance[c]) + epsilon).squareRoot()
            scales.append(T(Double(scale.value[c]) * inverse))
            shifts.append(T(Double(shift.value[c]) - Double(scale.value[c]) * Double(runningMean[c]) * inverse))
        }
        return (scales, shifts)
    }

    func forward(_ x: Tensor<T>, training: Bool) -> Tensor<T> {
        precondition(x.channels == channels, "batch normalisation expects \(channels) channels")
        var y = x.uninitializedCopyShape()
        let plane = x.planeSize, images = x.count, imageSize = x.imageSize
        let m = Double(images * plane)
        var means = [Double](repeating: 0, count: channels), variances = [Double](repeating: 1, count: channels)
        if !training {
            for c in 0..<channels { means[c] = Double(runningMean[c]); variances[c] = Double(runningVariance[c]) }
        }
        var normalizedTensor = training ? x.uninitializedCopyShape() : nil
        let gamma = scale.value, beta = shift.value, eps = epsilon
        x.data.withUnsafeBufferPointer { xp in
            y.data.withUnsafeMutableBufferPointer { yp in
                means.withUnsafeMutableBufferPointer { meanp in
                    variances.withUnsafeMutableBufferPointer { varp in
                        withOptionalMutableBuffer(&normalizedTensor) { np in
                            NetworkThreads.forEach(channels) { c in
                                if training {
                                    var sum = 0.0
                                    for n in 0..<images {
                                        let row = xp.baseAddress! + n * imageSize + c * plane
                                        for i in 0..<plane { sum += Double(row[i]) }
                                    }
                                    let mean = sum / m
                                    var squares = 0.0
                                    for n in 0..<images {
                                        let row = xp.baseAddress! + n * imageSize + c * plane
                                        for i in 0..<plane { let d = Double(row[i]) - mean; squares += d * d }
                                    }
                                    meanp[c] = mean
                                    varp[c] = squares / m
                                }
                                let inverse = 1 / (varp[c] + eps).squareRoot()
                                let a = T(Double(gamma[c]) * inverse), b = T(Double(beta[c]) - Double(gamma[c]) * meanp[c] * inverse)
                                let tMean = T(meanp[c]), tInverse = T(inverse)
                                for n in 0..<images {
                                    let offset = n * imageSize + c * plane
                                    let row = xp.baseAddress! + offset, out = yp.baseAddress! + offset
                                    for i in 0..<plane { out[i] = a * row[i] + b }
                                    if let np {
                                        let xhat = np.baseAddress! + offset
                                        for i in 0..<plane { xhat[i] = (row[i] - tMean) * tInverse }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if training {
            normalized = normalizedTensor
            inverseDeviation = variances.map { 1 / ($0 + eps).squareRoot() }
            let unbiased = m > 1 ? m / (m - 1) : 1
            for c in 0..<channels {
                runningMean[c] = T((1 - momentum) * Double(runningMean[c]) + momentum * means[c])
                runningVariance[c] = T((1 - momentum) * Double(runningVariance[c]) + momentum * variances[c] * unbiased)
            }
        }
        return y
    }

    func backward(_ dy: Tensor<T>) -> Tensor<T> {
        guard let xhat = normalized else { preconditionFailure("backward without a training forward pass") }
        normalized = nil
        var dx = dy.uninitializedCopyShape()
        let plane = dy.planeSize, images = dy.count, imageSize = dy.imageSize
        let m = Double(images * plane)
        var scaleGradient = [Double](repeating: 0, count: channels), shiftGradient = scaleGradient
        let gamma = scale.value, inverse = inverseDeviation
        dy.data.withUnsafeBufferPointer { gp in
            xhat.data.withUnsafeBufferPointer { hp in
                dx.data.withUnsafeMutableBufferPointer { dp in
                    scaleGradient.withUnsafeMutableBufferPointer { sgp in
                        shiftGradient.withUnsafeMutableBufferPointer { bgp in
                            NetworkThreads.forEach(channels) { c in
                                var sumGradient = 0.0, sumProduct = 0.0
                                for n in 0..<images {
                                    let offset = n * imageSize + c * plane
                                    let g = gp.baseAddress! + offset, h = hp.baseAddress! + offset
                                    for i in 0..<plane {
                                        sumGradient += Double(g[i])
                                        sumProduct += Double(g[i]) * Double(h[i])
                                    }
                                }
                                sgp[c] = sumProduct
                                bgp[c] = sumGradient
                                let factor = Double(gamma[c]) * inverse[c] / m
                                let a = T(factor * m), b = T(factor * sumGradient), d = T(factor * sumProduct)
                                for n in 0..<images {
                                    let offset = n * imageSize + c * plane
                                    let g = gp.baseAddress! + offset, h = hp.baseAddress! + offset
                                    let out = dp.baseAddress! + offset
                                    for i in 0..<plane { out[i] = a * g[i] - b - d * h[i] }
                                }
                            }
                        }
                    }
                }
            }
        }
        for c in 0..<channels {
            scale.gradient[c] += T(scaleGradient[c])
            shift.gradient[c] += T(shiftGradient[c])
        }
        return dx
    }
}
