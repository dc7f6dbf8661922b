/// A k x k convolution (k = 1 or 3, stride 1, zero padding k / 2) as a matrix product per image:
/// output[out, pixels] = weight[out, in*k*k] x columns[in*k*k, pixels], where `columns` is the im2col unfolding
/// of the input. Backward multiplies by the unfolded output gradient (see `backward`).
/// 1 x 1 convolutions skip the unfolding (the input already is the column matrix); 3 x 3 ones at inference use
/// `WinogradConvolution` instead.
final class Convolution<T: NetworkScalar>: Layer {
    let inputChannels: Int
    let outputChannels: Int
    let kernel: Int
    let weight: Parameter<T>
    let bias: Parameter<T>?
    private var input: Tensor<T>?

    func releaseTrainingState() { input = nil }

    /// Largest im2col band in values (1 MB of floats). Unfolding and multiplying one band of rows at a time keeps
    /// the column matrix in the core's cache while BLAS packs and reads it, and bounds memory on large images
    /// (bench/comir-training.md, "Figures behind choices in the network code").
    var columnBudget = 1 << 18

    /// Rows per band so that a band's columns fit the budget.
    private func bandRows(width: Int) -> Int { max(1, columnBudget / (columnCount * width)) }

    /// He-initialised weights (normal, variance 2 / fan-in), zero bias.
    init(name: String, inputChannels: Int, outputChannels: Int, kernel: Int, hasBias: Bool, random: inout SeededRandom) {
        precondition(kernel == 1 || kernel == 3, "only 1 x 1 and 3 x 3 convolutions are implemented")
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.kernel = kernel
        let fanIn = inputChannels * kernel * kernel
        let scale = (2.0 / Double(fanIn)).squareRoot()
        let values = (0..<(outputChannels * fanIn)).map { _ in T(random.nextGaussian() * scale) }
        weight = Parameter(name: name + ".weight", value: values)
        bias = hasBias ? Parameter(name: name + ".bias", value: [T](repeating: 0, count: outputChannels)) : nil
    }

    var parameters: [Parameter<T>] { [weight] + (bias.map { [$0] } ?? []) }
    private var columnCount: Int { inputChannels * kernel * kernel }

    /// What inference applies to each output channel right after the product, while the band is still in cache:
    /// y = max(scale * y + shift, 0) (a following batch normalisation, folded, and its ReLU).
    struct Epilogue {
        var scale: [T]
        var shift: [T]
    }

    func forward(_ x: Tensor<T>, training: Bool, workspace: Workspace<T>) -> Tensor<T> {
        product(x, training: training, workspace: workspace, epilogue: nil)
    }

    /// Inference with `epilogue` applied to the output.
    func forward(_ x: Tensor<T>, workspace: Workspace<T>, epilogue: Epilogue) -> Tensor<T> {
        product(x, training: false, workspace: workspace, epilogue: epilogue)
    }

    private func product(_ x: Tensor<T>, training: Bool, workspace: Workspace<T>, epilogue: Epilogue?) -> Tensor<T> {
        precondition(x.channels == inputChannels, "convolution expects \(inputChannels) channels, got \(x.channels)")
        let height = x.height, width = x.width, plane = x.planeSize, k = columnCount
        let workers = ParallelMap.workers
        // Inference of 3 x 3 layers by Winograd's minimal filtering (fewer multiplications); training keeps the
        // im2col product, whose unfolding its backward pass mirrors.
        let winograd = kernel == 3 && !training
        // Work units are (image, band of rows): whole images when the batch keeps every core busy, otherwise
        // row bands, also small enough that one band's columns stay within the inference budget.
        let budgetRows = winograd ? WinogradConvolution.bandRows(inputs: inputChannels, outputs: outputChannels, width: width)
            : bandRows(width: width)
        let minimumBands = x.count >= workers ? 1 : workers
        let bands = min(height, max(minimumBands, kernel == 1 ? 1 : (height + budgetRows - 1) / budgetRows))
        var rowsPerBand = (height + bands - 1) / bands
        if winograd { rowsPerBand = (rowsPerBand + 3) & ~3 }
        let scratchCount = winograd
            ? WinogradConvolution.scratchCount(inputs: inputChannels, outputs: outputChannels, rows: rowsPerBand, width: width)
            : k * rowsPerBand * width
        let scratch = kernel == 1 ? [] : workspace.regions(count: scratchCount)
        let transformed = winograd ? WinogradConvolution.transformedWeights(weight.value, inputs: inputChannels, outputs: outputChannels) : []
        var y = Tensor<T>.uninitialized(count: x.count, channels: outputChannels, height: height, width: width)
        let units = x.count * bands, outputImageSize = y.imageSize, inputImageSize = x.imageSize
        let outputs = outputChannels
        x.data.withUnsafeBufferPointer { xp in
            y.data.withUnsafeMutableBufferPointer { yp in
                weight.value.withUnsafeBufferPointer { wp in
                    transformed.withUnsafeBufferPointer { up in
                        let b = bias?.value
                        ParallelMap.forEach(min(workers, units)) { worker in
                            for unit in stride(from: worker, to: units, by: workers) {
                                let image = unit / bands, band = unit % bands
                                let row0 = band * rowsPerBand, row1 = min(height, row0 + rowsPerBand)
                                guard row1 > row0 else { continue }
                                let pixels = (row1 - row0) * width
                                let source = xp.baseAddress! + image * inputImageSize
                                let target = yp.baseAddress! + image * outputImageSize + row0 * width
                                if kernel == 1 {
                                    T.gemm(transposeA: false, transposeB: false, m: outputs, n: pixels, k: k, alpha: 1,
                                           a: wp.baseAddress!, lda: k, b: source + row0 * width, ldb: plane,
                                           beta: 0, c: target, ldc: plane)
                                } else if winograd {
                                    WinogradConvolution.band(source, inputs: inputChannels, height: height, width: width,
                                                             rows: row0..<row1, weights: up.baseAddress!, outputs: outputs,
                                                             target: target, plane: plane, scratch: scratch[worker])
                                } else {
                                    let columns = scratch[worker]
                                    Im2Col.unfold(source, channels: inputChannels, height: height, width: width,
                                                  rows: row0..<row1, into: columns)
                                    T.gemm(transposeA: false, transposeB: false, m: outputs, n: pixels, k: k, alpha: 1,
                                           a: wp.baseAddress!, lda: k, b: columns, ldb: pixels,
                                           beta: 0, c: target, ldc: plane)
                                }
                                if let epilogue {
                                    for o in 0..<outputs {
                                        let row = target + o * plane
                                        let a = epilogue.scale[o], c = epilogue.shift[o] + (b?[o] ?? 0) * a
                                        for i in 0..<pixels { row[i] = max(a * row[i] + c, 0) }
                                    }
                                } else if let b {
                                    for o in 0..<outputs {
                                        let row = target + o * plane, value = b[o]
                                        for i in 0..<pixels { row[i] += value }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        input = training ? x : nil
        return y
    }

    /// Accumulates weight (and bias) gradients and returns the input gradient.
    func backward(_ dy: consuming Tensor<T>, workspace: Workspace<T>) -> Tensor<T> {
        backPropagate(dy, workspace: workspace, inputGradient: true)!
    }

    /// Accumulates weight (and bias) gradients only: for a network's first layer, whose input gradient nobody needs.
    func accumulateParameterGradients(_ dy: Tensor<T>, workspace: Workspace<T>) {
        _ = backPropagate(dy, workspace: workspace, inputGradient: false)
    }

    /// A 3 x 3 layer that needs its input gradient unfolds the output gradient dY rather than the input: with
    /// U = im2col(dY), dX = flip(W)^T U (the adjoint of a zero-padded 3 x 3 convolution is one with the kernel
    /// turned by 180 degrees and in/out swapped) and dW = x U^T, read back turned. Each band then costs one
    /// unfolding and two products, the second writing dX directly, with no scatter-add (col2im) into a zeroed dX.
    /// Without an input gradient (the first layer, 1 to 3 input channels), unfolding the thin input is cheaper.
    private func backPropagate(_ dy: Tensor<T>, workspace: Workspace<T>, inputGradient: Bool) -> Tensor<T>? {
        guard let x = input else { preconditionFailure("backward without a training forward pass") }
        input = nil
        let plane = x.planeSize, outputs = outputChannels, inputs = inputChannels
        let workers = min(ParallelMap.workers, x.count)
        let weightCount = outputs * columnCount
        let unfoldsGradient = kernel == 3 && inputGradient, hasBias = bias != nil
        // Per worker: one band of columns and private weight/bias gradient accumulators.
        let height = x.height, width = x.width
        let unfoldedRows = kernel == 1 ? 0 : (unfoldsGradient ? outputs : inputs) * 9
        let rowsPerBand = kernel == 1 ? height : min(height, max(1, columnBudget / (unfoldedRows * width)))
        let columnSize = unfoldedRows * rowsPerBand * width
        let scratch = workspace.regions(count: columnSize + weightCount + outputs)
        for worker in 0..<workers { (scratch[worker] + columnSize).initialize(repeating: 0, count: weightCount + outputs) }
        // flip(W)^T as a row-major [input, output * 9] matrix: element (c, o * 9 + j) = W(o, c, 8 - j).
        var flipped = [T]()
        if unfoldsGradient {
            flipped = [T](repeating: 0, count: weightCount)
            Self.forEachTurnedIndex(outputs: outputs, inputs: inputs) { w, f in flipped[f] = weight.value[w] }
        }
        var dx: Tensor<T>? = inputGradient ? x.uninitializedCopyShape() : nil
        x.data.withUnsafeBufferPointer { xp in
            dy.data.withUnsafeBufferPointer { dyp in
                weight.value.withUnsafeBufferPointer { wp in
                    flipped.withUnsafeBufferPointer { fp in
                        withOptionalMutableBuffer(&dx) { dxp in
                            ParallelMap.forEach(workers) { worker in
                                let columns = scratch[worker]
                                let weightGradient = columns + columnSize, biasGradient = weightGradient + weightCount
                                for image in stride(from: worker, to: x.count, by: workers) {
                                    let source = xp.baseAddress! + image * x.imageSize
                                    let gradient = dyp.baseAddress! + image * dy.imageSize
                                    for o in 0..<outputs where hasBias {
                                        var sum = T(0)
                                        let row = gradient + o * plane
                                        for i in 0..<plane { sum += row[i] }
                                        biasGradient[o] += sum
                                    }
                                    let target = dxp.map { $0.baseAddress! + image * x.imageSize }
                                    if kernel == 1 {
                                        T.gemm(transposeA: false, transposeB: true, m: outputs, n: inputs, k: plane, alpha: 1,
                                               a: gradient, lda: plane, b: source, ldb: plane,
                                               beta: 1, c: weightGradient, ldc: inputs)
                                        if let target {
                                            T.gemm(transposeA: true, transposeB: false, m: inputs, n: plane, k: outputs, alpha: 1,
                                                   a: wp.baseAddress!, lda: inputs, b: gradient, ldb: plane,
                                                   beta: 0, c: target, ldc: plane)
                                        }
                                        continue
                                    }
                                    for row0 in stride(from: 0, to: height, by: rowsPerBand) {
                                        let rows = row0..<min(height, row0 + rowsPerBand)
                                        let pixels = rows.count * width, first = row0 * width
                                        if let target {
                                            // dW^T (turned) += x U^T; dX = flip(W)^T U.
                                            Im2Col.unfold(gradient, channels: outputs, height: height, width: width,
                                                          rows: rows, into: columns)
                                            T.gemm(transposeA: false, transposeB: true, m: inputs, n: unfoldedRows, k: pixels,
                                                   alpha: 1, a: source + first, lda: plane, b: columns, ldb: pixels,
                                                   beta: 1, c: weightGradient, ldc: unfoldedRows)
                                            T.gemm(transposeA: false, transposeB: false, m: inputs, n: pixels, k: unfoldedRows,
                                                   alpha: 1, a: fp.baseAddress!, lda: unfoldedRows, b: columns, ldb: pixels,
                                                   beta: 0, c: target + first, ldc: plane)
                                        } else {
                                            // dW += dY im2col(x)^T.
                                            Im2Col.unfold(source, channels: inputs, height: height, width: width,
                                                          rows: rows, into: columns)
                                            T.gemm(transposeA: false, transposeB: true, m: outputs, n: unfoldedRows, k: pixels,
                                                   alpha: 1, a: gradient + first, lda: plane, b: columns, ldb: pixels,
                                                   beta: 1, c: weightGradient, ldc: unfoldedRows)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        weight.gradient.withUnsafeMutableBufferPointer { g in
            for worker in 0..<workers {
                let local = scratch[worker] + columnSize
                if unfoldsGradient {
                    Self.forEachTurnedIndex(outputs: outputs, inputs: inputs) { w, f in g[w] += local[f] }
                } else {
                    for i in 0..<weightCount { g[i] += local[i] }
                }
            }
        }
        if let bias {
            bias.gradient.withUnsafeMutableBufferPointer { g in
                for worker in 0..<workers {
                    let local = scratch[worker] + columnSize + weightCount
                    for o in 0..<outputs { g[o] += local[o] }
                }
            }
        }
        return dx
    }

    /// Pairs each index of a 3 x 3 weight W(o, c, j), laid out [output, input * 9], with the index of the same
    /// value in flip(W)^T, laid out [input, output * 9] with the kernel turned by 180 degrees (j -> 8 - j): the
    /// matrix that input-gradient backward multiplies by, and whose gradient it accumulates.
    @inline(__always)
    private static func forEachTurnedIndex(outputs: Int, inputs: Int, _ body: (_ weight: Int, _ turned: Int) -> Void) {
        for o in 0..<outputs {
            for c in 0..<inputs {
                for j in 0..<9 { body((o * inputs + c) * 9 + j, (c * outputs + o) * 9 + 8 - j) }
            }
        }
    }
}

/// Gives `body` the mutable buffer of an optional tensor, or nil.
private func withOptionalMutableBuffer<T: NetworkScalar>(_ tensor: inout Tensor<T>?,
                                                 _ body: (UnsafeMutableBufferPointer<T>?) -> Void) {
    if tensor == nil { body(nil); return }
    tensor!.data.withUnsafeMutableBufferPointer { body($0) }
}
