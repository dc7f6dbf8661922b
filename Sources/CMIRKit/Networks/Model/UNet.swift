/// A U-Net (Ronneberger et al.): an encoder of convolution blocks and 2 x 2 max pooling, a decoder of nearest
/// upsampling, concatenation with the encoder's features of the same level and convolution blocks, and a 1 x 1
/// convolution to the representation channels (linear: the contrastive loss, not an activation, bounds it).
///
/// Training mutates per-layer caches, so one network belongs to one trainer; inference (`training: false`
/// with a private workspace, see `infer`) only reads weights and may run concurrently.
public final class UNet<T: NetworkScalar>: @unchecked Sendable {
    public let architecture: UNetArchitecture
    let encoders: [ConvolutionBlock<T>]
    let decoders: [ConvolutionBlock<T>]
    let pools: [MaxPooling<T>]
    let head: Convolution<T>
    private let workspace = Workspace<T>()

    public init(architecture: UNetArchitecture, name: String, random: inout SeededRandom) {
        self.architecture = architecture
        let widths = (0..<architecture.levels).map { architecture.baseWidth << $0 }
        var encoders: [ConvolutionBlock<T>] = []
        for level in 0..<architecture.levels {
            encoders.append(ConvolutionBlock(name: "\(name).encoder\(level)",
                                             inputChannels: level == 0 ? architecture.inputChannels : widths[level - 1],
                                             outputChannels: widths[level], random: &random))
        }
        var decoders: [ConvolutionBlock<T>] = []
        for level in 0..<(architecture.levels - 1) {
            decoders.append(ConvolutionBlock(name: "\(name).decoder\(level)",
                                             inputChannels: widths[level + 1] + widths[level],
                                             outputChannels: widths[level], random: &random))
        }
        head = Convolution(name: "\(name).head", inputChannels: widths[0], outputChannels: architecture.outputChannels,
                           kernel: 1, hasBias: true, random: &random)
        self.encoders = encoders
        self.decoders = decoders
        pools = (0..<(architecture.levels - 1)).map { _ in MaxPooling<T>() }
    }

    /// Every layer, parameters in the order of `parameters`.
    private var layers: [any Layer<T>] { encoders + decoders + pools + [head] }

    /// Trainable parameters in a fixed order (the model file and the optimizer rely on it).
    public var parameters: [Parameter<T>] { layers.flatMap { $0.parameters } }

    var normalizations: [BatchNormalization<T>] { encoders.flatMap(\.norms) + decoders.flatMap(\.norms) }

    /// Runs the network; `training` uses batch statistics and keeps what `backward` needs.
    public func forward(_ x: Tensor<T>, training: Bool) -> Tensor<T> {
        precondition(x.height % architecture.stride == 0 && x.width % architecture.stride == 0,
                     "U-Net input sizes must be multiples of \(architecture.stride)")
        let space = training ? workspace : Workspace<T>()
        var skips: [Tensor<T>] = []
        var h = x
        for level in 0..<architecture.levels {
            h = encoders[level].forward(h, training: training, workspace: space)
            if level < architecture.levels - 1 {
                skips.append(h)
                h = pools[level].forward(h, training: training, workspace: space)
            }
        }
        for level in stride(from: architecture.levels - 2, through: 0, by: -1) {
            h = ChannelConcatenation.upsampledForward(h, skips[level])
            skips.removeLast()
            h = decoders[level].forward(h, training: training, workspace: space)
        }
        return head.forward(h, training: training, workspace: space)
    }

    /// Inference on a batch, without touching the training caches.
    public func infer(_ x: Tensor<T>) -> Tensor<T> { forward(x, training: false) }

    /// Accumulates parameter gradients for the last training forward pass, given the output gradient.
    public func backward(_ dy: Tensor<T>) {
        let levels = architecture.levels
        var g = head.backward(dy, workspace: workspace)
        var skipGradients: [Tensor<T>] = []
        for level in 0..<(levels - 1) {
            g = decoders[level].backward(consume g, workspace: workspace)
            let (up, skip) = ChannelConcatenation.backward(g, channelsA: architecture.baseWidth << (level + 1))
            skipGradients.append(skip)
            g = Upsampling.backward(up)
        }
        for level in stride(from: levels - 1, through: 0, by: -1) {
            if level < levels - 1 { add(skipGradients[level], to: &g) }
            if level == 0 {
                encoders[0].accumulateParameterGradients(consume g, workspace: workspace)
                return
            }
            g = pools[level - 1].backward(encoders[level].backward(consume g, workspace: workspace), workspace: workspace)
        }
    }

    private func add(_ other: Tensor<T>, to g: inout Tensor<T>) {
        precondition(other.hasSameShape(as: g))
        other.data.withUnsafeBufferPointer { o in
            g.data.withUnsafeMutableBufferPointer { p in
                // Element-wise: parallel only where it outweighs the dispatch.
                ParallelMap.forEachRange(p.count, pieces: p.count < 65_536 ? 1 : ParallelMap.workers) { range in
                    for i in range { p[i] += o[i] }
                }
            }
        }
    }

    /// Drops what a training forward pass kept for backward (after passes that only gather statistics).
    public func releaseTrainingState() {
        for layer in layers { layer.releaseTrainingState() }
    }

    /// Zeroes every parameter gradient (before an accumulation of backward passes).
    public func zeroGradients() {
        for parameter in parameters { parameter.zeroGradient() }
    }
}
