/// The shape of one modality's network, stored in model files.
public struct UNetArchitecture: Codable, Sendable, Equatable {
    public var inputChannels: Int
    public var outputChannels: Int
    /// Resolution levels; the network halves the resolution `levels - 1` times.
    public var levels: Int
    /// Channels of the first level; each deeper level doubles them.
    public var baseWidth: Int

    public init(inputChannels: Int, outputChannels: Int = 1, levels: Int = 4, baseWidth: Int = 16) {
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.levels = levels
        self.baseWidth = baseWidth
    }

    /// Input sizes must be multiples of this (one factor 2 per pooling).
    public var stride: Int { 1 << (levels - 1) }

    /// How far (in input pixels) an output pixel can see: two 3 x 3 convolutions per level and side, plus the
    /// pooling/upsampling offsets. Tiles overlap by at least this much so their interiors match whole-image output.
    public var receptiveRadius: Int {
        var radius = 0
        for level in 0..<levels {
            let scale = 1 << level
            radius += 2 * scale * (level == levels - 1 ? 1 : 2) + scale
        }
        return radius
    }
}

/// conv 3 x 3 - batch norm - ReLU, twice: the unit of every U-Net level (each `BatchNormalization` includes its ReLU).
final class ConvolutionBlock<T: NetworkScalar> {
    let first: Convolution<T>, firstNorm: BatchNormalization<T>
    let second: Convolution<T>, secondNorm: BatchNormalization<T>

    init(name: String, inputChannels: Int, outputChannels: Int, random: inout SeededRandom) {
        first = Convolution(name: name + ".conv1", inputChannels: inputChannels, outputChannels: outputChannels,
                            kernel: 3, hasBias: false, random: &random)
        firstNorm = BatchNormalization(name: name + ".norm1", channels: outputChannels)
        second = Convolution(name: name + ".conv2", inputChannels: outputChannels, outputChannels: outputChannels,
                             kernel: 3, hasBias: false, random: &random)
        secondNorm = BatchNormalization(name: name + ".norm2", channels: outputChannels)
    }

    var parameters: [Parameter<T>] { first.parameters + firstNorm.parameters + second.parameters + secondNorm.parameters }
    var norms: [BatchNormalization<T>] { [firstNorm, secondNorm] }

    func forward(_ x: Tensor<T>, training: Bool, workspace: Workspace<T>) -> Tensor<T> {
        if !training {
            // Inference: each normalisation is affine, so it and its ReLU run inside the convolution's output loop.
            let a = firstNorm.inferenceAffine, b = secondNorm.inferenceAffine
            let h = first.forward(x, training: false, workspace: workspace, epilogue: .init(scale: a.scale, shift: a.shift))
            return second.forward(h, training: false, workspace: workspace, epilogue: .init(scale: b.scale, shift: b.shift))
        }
        let h = firstNorm.forward(first.forward(x, training: true, workspace: workspace), training: true)
        return secondNorm.forward(second.forward(h, training: true, workspace: workspace), training: true)
    }

    func releaseTrainingState() {
        first.releaseTrainingState(); firstNorm.releaseTrainingState()
        second.releaseTrainingState(); secondNorm.releaseTrainingState()
    }

    func backward(_ dy: consuming Tensor<T>, workspace: Workspace<T>) -> Tensor<T>? {
        let g = second.backward(secondNorm.backward(consume dy), workspace: workspace)!
        return first.backward(firstNorm.backward(consume g), workspace: workspace)
    }
}

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
        encoders[0].first.computesInputGradient = false
        self.encoders = encoders
        self.decoders = decoders
        pools = (0..<(architecture.levels - 1)).map { _ in MaxPooling<T>() }
    }

    /// Trainable parameters in a fixed order (the model file and the optimizer rely on it).
    public var parameters: [Parameter<T>] {
        encoders.flatMap(\.parameters) + decoders.flatMap(\.parameters) + head.parameters
    }

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
                h = pools[level].forward(h, training: training)
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
        var g = head.backward(dy, workspace: workspace)!
        var skipGradients: [Tensor<T>] = []
        for level in 0..<(levels - 1) {
            g = decoders[level].backward(consume g, workspace: workspace)!
            let (up, skip) = ChannelConcatenation.backward(g, channelsA: architecture.baseWidth << (level + 1))
            skipGradients.append(skip)
            g = Upsampling.backward(up)
        }
        for level in stride(from: levels - 1, through: 0, by: -1) {
            if level < levels - 1 { add(skipGradients[level], to: &g) }
            guard let input = encoders[level].backward(consume g, workspace: workspace) else { return }
            g = pools[level - 1].backward(input)
        }
    }

    private func add(_ other: Tensor<T>, to g: inout Tensor<T>) {
        precondition(other.hasSameShape(as: g))
        other.data.withUnsafeBufferPointer { o in
            g.data.withUnsafeMutableBufferPointer { p in
                Chunks.forEach(p.count) { range in for i in range { p[i] += o[i] } }
            }
        }
    }

    /// Drops what a training forward pass kept for backward (after passes that only gather statistics).
    public func releaseTrainingState() {
        for block in encoders + decoders { block.releaseTrainingState() }
        for pool in pools { pool.releaseTrainingState() }
        head.releaseTrainingState()
    }

    /// Zeroes every parameter gradient (before an accumulation of backward passes).
    public func zeroGradients() {
        for parameter in parameters { parameter.zeroGradient() }
    }
}
