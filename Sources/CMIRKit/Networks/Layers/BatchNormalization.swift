/// Batch normalisation over (images, rows, columns) per channel, followed by a ReLU: y = max(a x + b, 0).
///
/// Chosen over group or instance normalisation for one property: at inference it uses running statistics, so it
/// is a fixed per-channel affine map and the network's output at a pixel depends only on the pixels around it.
/// That makes tiled inference of huge images agree with whole-image inference, and a sub-image query produce
/// the same representation as the same region inside its full image; statistics computed per image or per tile
/// (instance/group norm) would change with the crop.
///
/// Every normalisation of the U-Net feeds a ReLU, so the two are one layer: training reads the activations once
/// for the statistics and once to write the output, and backward masks, reduces and writes in two passes, with no
/// intermediate tensor.
final class BatchNormalization<T: NetworkScalar>: Layer {
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
    /// What backward needs from the last training forward pass: its input, its output (the ReLU mask) and the
    /// batch statistics.
    private var input: Tensor<T>?
    private var output: Tensor<T>?
    private var means: [Double] = []
    private var inverseDeviations: [Double] = []

    func releaseTrainingState() { input = nil; output = nil }

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

    /// max(normalise(x), 0), with batch statistics when training (kept for backward), running ones otherwise.
    func forward(_ x: Tensor<T>, training: Bool, workspace _: Workspace<T>) -> Tensor<T> {
        precondition(x.channels == channels, "batch normalisation expects \(channels) channels")
        var y = x.uninitializedCopyShape()
        let plane = x.planeSize, images = x.count, imageSize = x.imageSize
        let m = Double(images * plane)
        var means = runningMean.map { Double($0) }, variances = runningVariance.map { Double($0) }
        let gamma = scale.value, beta = shift.value, eps = epsilon
        x.data.withUnsafeBufferPointer { xp in
            y.data.withUnsafeMutableBufferPointer { yp in
                means.withUnsafeMutableBufferPointer { meanp in
                    variances.withUnsafeMutableBufferPointer { varp in
                        ParallelMap.forEach(channels) { c in
                            let channel = xp.baseAddress! + c * plane
                            if training {
                                // One pass, shifted by the channel's first value so that E[d^2] - E[d]^2 does not
                                // cancel when the mean is large against the deviation.
                                let origin = channel[0]
                                var sum = 0.0, squares = 0.0
                                for n in 0..<images {
                                    let row = channel + n * imageSize
                                    let (s, q) = Self.sums(plane) { lanes in
                                        let d = lanes.load(row) - origin
                                        return (d, d * d)
                                    }
                                    sum += s
                                    squares += q
                                }
                                let shifted = sum / m
                                meanp[c] = Double(origin) + shifted
                                varp[c] = max(squares / m - shifted * shifted, 0)
                            }
                            let inverse = 1 / (varp[c] + eps).squareRoot()
                            let a = T(Double(gamma[c]) * inverse), b = T(Double(beta[c]) - Double(gamma[c]) * meanp[c] * inverse)
                            for n in 0..<images {
                                let row = channel + n * imageSize, out = yp.baseAddress! + c * plane + n * imageSize
                                for i in 0..<plane { out[i] = max(a * row[i] + b, 0) }
                            }
                        }
                    }
                }
            }
        }
        if training {
            input = x
            output = y
            self.means = means
            inverseDeviations = variances.map { 1 / ($0 + eps).squareRoot() }
            let unbiased = m > 1 ? m / (m - 1) : 1
            for c in 0..<channels {
                runningMean[c] = T((1 - momentum) * Double(runningMean[c]) + momentum * means[c])
                runningVariance[c] = T((1 - momentum) * Double(runningVariance[c]) + momentum * variances[c] * unbiased)
            }
        }
        return y
    }

    /// Accumulates the scale and shift gradients and returns the input gradient, written over `dy`'s storage
    /// when the caller hands over its only reference.
    func backward(_ dy: consuming Tensor<T>, workspace _: Workspace<T>) -> Tensor<T> {
        guard let x = input, let y = output else { preconditionFailure("backward without a training forward pass") }
        input = nil
        output = nil
        var dx = dy
        let plane = dx.planeSize, images = dx.count, imageSize = dx.imageSize
        let m = Double(images * plane)
        var scaleGradient = [Double](repeating: 0, count: channels), shiftGradient = scaleGradient
        let gamma = scale.value, means = means, inverse = inverseDeviations
        x.data.withUnsafeBufferPointer { xp in
            y.data.withUnsafeBufferPointer { yp in
                dx.data.withUnsafeMutableBufferPointer { gp in
                    scaleGradient.withUnsafeMutableBufferPointer { sgp in
                        shiftGradient.withUnsafeMutableBufferPointer { bgp in
                            ParallelMap.forEach(channels) { c in
                                let mean = T(means[c])
                                // The ReLU passes the gradient where its output was positive.
                                var sumGradient = 0.0, sumProduct = 0.0
                                for n in 0..<images {
                                    let offset = n * imageSize + c * plane
                                    let g = gp.baseAddress! + offset, h = xp.baseAddress! + offset, r = yp.baseAddress! + offset
                                    let (s, p) = Self.sums(plane) { lanes in
                                        let masked = T.rectified(lanes.load(g), where: lanes.load(r))
                                        return (masked, masked * (lanes.load(h) - mean))
                                    }
                                    sumGradient += s
                                    sumProduct += p
                                }
                                sumProduct *= inverse[c] // sum of gradient * normalised input
                                sgp[c] = sumProduct
                                bgp[c] = sumGradient
                                let factor = Double(gamma[c]) * inverse[c] / m
                                let a = T(factor * m), b = T(factor * sumGradient), d = T(factor * sumProduct * inverse[c])
                                for n in 0..<images {
                                    let offset = n * imageSize + c * plane
                                    let g = gp.baseAddress! + offset, h = xp.baseAddress! + offset, r = yp.baseAddress! + offset
                                    for i in 0..<plane { g[i] = a * Self.mask(g[i], where: r[i]) - b - d * (h[i] - mean) }
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

    /// `gradient` where the ReLU's `output` was positive, else 0. Both values are loaded before the choice, so the
    /// compiler emits a vector select; `output > 0 ? gradient[i] : 0` would load conditionally and stay scalar.
    @inline(__always)
    private static func mask(_ gradient: T, where output: T) -> T { output > 0 ? gradient : 0 }

    /// Eight consecutive values at `index` of the rows handed to `sums`; past the end of a row (`valid` < 8) the
    /// missing lanes read as 0 and `sums` drops their terms.
    private struct Lanes {
        let index: Int
        let valid: Int

        @inline(__always)
        func load(_ row: UnsafePointer<T>) -> SIMD8<T> {
            if valid == 8 { return UnsafeRawPointer(row + index).loadUnaligned(as: SIMD8<T>.self) }
            var vector = SIMD8<T>()
            for lane in 0..<valid { vector[lane] = row[index + lane] }
            return vector
        }
    }

    /// The sums over 0..<count of two terms, computed on eight lanes at a time: an explicit vector accumulator,
    /// because the compiler may not reorder a scalar floating-point sum into one (a Double chain runs at one add
    /// per latency). Flushed into Double every 256 values to keep Double accuracy over long rows.
    @inline(__always)
    private static func sums(_ count: Int, _ terms: (Lanes) -> (SIMD8<T>, SIMD8<T>)) -> (Double, Double) {
        var first = 0.0, second = 0.0
        for start in stride(from: 0, to: count, by: 256) {
            let end = min(count, start + 256)
            var a = SIMD8<T>(), b = SIMD8<T>()
            var i = start
            while i + 8 <= end {
                let (x, y) = terms(Lanes(index: i, valid: 8))
                a += x
                b += y
                i += 8
            }
            if i < end {
                let lanes = Lanes(index: i, valid: end - i)
                let outside = SIMD8<T>(0, 1, 2, 3, 4, 5, 6, 7) .>= T(lanes.valid)
                let (x, y) = terms(lanes)
                a += x.replacing(with: 0, where: outside)
                b += y.replacing(with: 0, where: outside)
            }
            first += Double(a.sum())
            second += Double(b.sum())
        }
        return (first, second)
    }
}
