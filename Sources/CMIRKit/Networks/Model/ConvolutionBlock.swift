/// conv 3 x 3 - batch norm - ReLU, twice: the unit of every U-Net level (each `BatchNormalization` includes its ReLU).
final class ConvolutionBlock<T: NetworkScalar>: Layer {
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

    private var layers: [any Layer<T>] { [first, firstNorm, second, secondNorm] }
    var parameters: [Parameter<T>] { layers.flatMap { $0.parameters } }
    var norms: [BatchNormalization<T>] { [firstNorm, secondNorm] }

    func forward(_ x: Tensor<T>, training: Bool, workspace: Workspace<T>) -> Tensor<T> {
        if !training {
            // Inference: each normalisation is affine, so it and its ReLU run inside the convolution's output loop.
            let a = firstNorm.inferenceAffine, b = secondNorm.inferenceAffine
            let h = first.forward(x, workspace: workspace, epilogue: .init(scale: a.scale, shift: a.shift))
            return second.forward(h, workspace: workspace, epilogue: .init(scale: b.scale, shift: b.shift))
        }
        let h = firstNorm.forward(first.forward(x, training: true, workspace: workspace), training: true, workspace: workspace)
        return secondNorm.forward(second.forward(h, training: true, workspace: workspace), training: true, workspace: workspace)
    }

    func releaseTrainingState() {
        for layer in layers { layer.releaseTrainingState() }
    }

    func backward(_ dy: consuming Tensor<T>, workspace: Workspace<T>) -> Tensor<T> {
        first.backward(firstOutputGradient(consume dy, workspace: workspace), workspace: workspace)
    }

    /// Backward for a network's first block, whose input gradient nobody needs.
    func accumulateParameterGradients(_ dy: consuming Tensor<T>, workspace: Workspace<T>) {
        first.accumulateParameterGradients(firstOutputGradient(consume dy, workspace: workspace), workspace: workspace)
    }

    /// Backward through all but the first convolution: the gradient of its output.
    private func firstOutputGradient(_ dy: consuming Tensor<T>, workspace: Workspace<T>) -> Tensor<T> {
        let g = second.backward(secondNorm.backward(consume dy, workspace: workspace), workspace: workspace)
        return firstNorm.backward(consume g, workspace: workspace)
    }
}
