@testable import CMIRKit
import CMIRTestSupport
import Testing

@Suite("Network layer gradients (Double, central differences)")
struct LayerGradientTests {
    typealias G = GradientCheck

    @Test("3 x 3 and 1 x 1 convolutions: input, weight and bias gradients (whole images and row bands)",
          arguments: [(1, 1 << 18), (3, 1 << 18), (3, 60)])
    func convolution(kernel: Int, columnBudget: Int) {
        var random = SeededRandom(seed: 7)
        let conv = Convolution<Double>(name: "c", inputChannels: 3, outputChannels: 4, kernel: kernel, hasBias: true,
                                       random: &random)
        conv.columnBudget = columnBudget // 60 values: bands of one row (6 pixels x 27 columns)
        for i in conv.bias!.value.indices { conv.bias!.value[i] = Double(i) * 0.1 - 0.15 }
        let x = G.randomTensor(count: 3, channels: 3, height: 5, width: 6, seed: 1)
        let weights = G.randomTensor(count: 3, channels: 4, height: 5, width: 6, seed: 2)
        let workspace = Workspace<Double>()
        let y = conv.forward(x, training: true, workspace: workspace)
        let dx = conv.backward(weights, workspace: workspace)
        let loss = { (input: Tensor<Double>) in G.dot(conv.forward(input, training: false, workspace: workspace), weights) }
        #expect(G.relativeError(dx.data, G.numericGradient(x.data) { loss(G.with(x, $0)) }) < 1e-6)
        #expect(G.relativeError(conv.weight.gradient, G.numericGradient(conv.weight.value) {
            conv.weight.value = $0; return loss(x)
        }) < 1e-6)
        #expect(G.relativeError(conv.bias!.gradient, G.numericGradient(conv.bias!.value) {
            conv.bias!.value = $0; return loss(x)
        }) < 1e-6)
        #expect(y.channels == 4 && y.height == 5 && y.width == 6)
    }

    /// (input channels, output channels, images, height, width): odd and one-pixel sides, several row bands, rows
    /// wider than the transforms' vectors.
    static let convolutionShapes = [(2, 3, 1, 4, 7), (3, 5, 1, 5, 1), (1, 2, 1, 1, 1), (4, 3, 2, 9, 8), (3, 2, 1, 13, 11),
                                    (3, 4, 1, 22, 37)]

    @Test("3 x 3 convolution output equals a direct sum over the neighbourhood (zero padding), by im2col in training and by Winograd's F(4 x 4, 3 x 3) at inference",
          arguments: [true, false], convolutionShapes)
    func convolutionMatchesDirectSum(training: Bool, shape: (Int, Int, Int, Int, Int)) {
        let (inputs, outputs, count, height, width) = shape
        var random = SeededRandom(seed: 3)
        let conv = Convolution<Double>(name: "c", inputChannels: inputs, outputChannels: outputs, kernel: 3, hasBias: false,
                                       random: &random)
        conv.columnBudget = 9 * inputs * width // im2col: one row per band
        let x = G.randomTensor(count: count, channels: inputs, height: height, width: width, seed: 4)
        let y = conv.forward(x, training: training, workspace: Workspace())
        var largest = 0.0
        for n in 0..<count {
            for o in 0..<outputs {
                for py in 0..<height {
                    for px in 0..<width {
                        var sum = 0.0
                        for c in 0..<inputs {
                            for ky in 0..<3 {
                                for kx in 0..<3 {
                                    let sy = py + ky - 1, sx = px + kx - 1
                                    guard sy >= 0, sy < height, sx >= 0, sx < width else { continue }
                                    sum += conv.weight.value[((o * inputs + c) * 3 + ky) * 3 + kx]
                                        * x.data[((n * inputs + c) * height + sy) * width + sx]
                                }
                            }
                        }
                        largest = max(largest, abs(sum - y.data[((n * outputs + o) * height + py) * width + px]))
                    }
                }
            }
        }
        #expect(largest < 1e-12)
    }

    @Test("Batch normalisation and its ReLU: input, scale and shift gradients; inference uses running statistics")
    func batchNormalization() {
        let norm = BatchNormalization<Double>(name: "n", channels: 3)
        norm.scale.value = [1.5, 0.7, -0.4]
        norm.shift.value = [0.1, -0.2, 0.3]
        let x = G.randomTensor(count: 4, channels: 3, height: 3, width: 4, seed: 5)
        let weights = G.randomTensor(count: 4, channels: 3, height: 3, width: 4, seed: 6)
        let workspace = Workspace<Double>()
        _ = norm.forward(x, training: true, workspace: workspace)
        let dx = norm.backward(weights, workspace: workspace)
        let loss = { (input: Tensor<Double>) in G.dot(norm.forward(input, training: true, workspace: workspace), weights) }
        #expect(G.relativeError(dx.data, G.numericGradient(x.data) { loss(G.with(x, $0)) }) < 1e-6)
        #expect(G.relativeError(norm.scale.gradient, G.numericGradient(norm.scale.value) {
            norm.scale.value = $0; return loss(x)
        }) < 1e-6)
        #expect(G.relativeError(norm.shift.gradient, G.numericGradient(norm.shift.value) {
            norm.shift.value = $0; return loss(x)
        }) < 1e-6)
        // Inference is the affine map with the running statistics.
        norm.runningMean = [0.5, -1, 2]
        norm.runningVariance = [4, 1, 0.25]
        let y = norm.forward(x, training: false, workspace: workspace)
        let expected = max((x.data[13] - (-1)) / (1 + 1e-5).squareRoot() * 0.7 - 0.2, 0) // image 0, channel 1, pixel 1
        #expect(abs(y.data[13] - expected) < 1e-12)
        #expect(y.data.contains { $0 > 0 } && y.data.contains { $0 == 0 })
    }

    @Test("Max pooling and skip-connection (upsampling + concatenation) gradients")
    func shapeLayers() {
        let x = G.randomTensor(count: 2, channels: 2, height: 4, width: 6, seed: 8)
        let pool = MaxPooling<Double>()
        let poolWeights = G.randomTensor(count: 2, channels: 2, height: 2, width: 3, seed: 10)
        let workspace = Workspace<Double>()
        let pooled = pool.forward(x, training: true, workspace: workspace)
        #expect(pooled.data[0] == max(x.data[0], x.data[1], x.data[6], x.data[7]))
        let poolGradient = pool.backward(poolWeights, workspace: workspace)
        #expect(G.relativeError(poolGradient.data, G.numericGradient(x.data) { v in
            G.dot(pool.forward(G.with(x, v), training: false, workspace: workspace), poolWeights)
        }) < 1e-6)

        // Skip connection: concat(upsample(deep), skip).
        let deep = G.randomTensor(count: 2, channels: 2, height: 2, width: 3, seed: 11)
        let skip = G.randomTensor(count: 2, channels: 3, height: 4, width: 6, seed: 12)
        let catWeights = G.randomTensor(count: 2, channels: 5, height: 4, width: 6, seed: 13)
        let joined = ChannelConcatenation.upsampledForward(deep, skip)
        #expect(joined.data[1 * 6 + 1] == deep.data[0] && joined.data[2 * 24 + 5] == skip.data[5])
        let (dUp, dSkip) = ChannelConcatenation.backward(catWeights, channelsA: 2)
        #expect(G.relativeError(Upsampling.backward(dUp).data, G.numericGradient(deep.data) { v in
            G.dot(ChannelConcatenation.upsampledForward(G.with(deep, v), skip), catWeights)
        }) < 1e-6)
        #expect(G.relativeError(dSkip.data, G.numericGradient(skip.data) { v in
            G.dot(ChannelConcatenation.upsampledForward(deep, G.with(skip, v)), catWeights)
        }) < 1e-6)
    }

    @Test("Quarter turns: four turns are the identity and one turn moves the corner pixel as numpy's rot90")
    func quarterTurns() {
        let x = G.randomTensor(count: 2, channels: 2, height: 4, width: 4, seed: 14)
        let once = QuarterTurn.rotate(x, turns: [1, 3])
        let back = QuarterTurn.rotate(once, turns: [3, 1])
        #expect(back.data == x.data)
        // rot90: out[0][0] = in[0][width - 1]
        #expect(once.data[0] == x.data[3])
        let image = TestImages.pattern(width: 5, height: 3, channels: 2)
        let turned = image.rotatedQuarterTurns(1)
        #expect(turned.width == 3 && turned.height == 5)
        #expect(turned[0, 0, 1] == image[4, 0, 1])
        #expect(turned.rotatedQuarterTurns(3) == image)
    }
}

@Suite("Inference folding")
struct InferenceFoldingTests {
    @Test("A block's fused inference (normalisation and ReLU in the convolution's epilogue) equals the layers one by one")
    func fusedBlock() {
        var random = SeededRandom(seed: 17)
        let block = ConvolutionBlock<Double>(name: "b", inputChannels: 2, outputChannels: 3, random: &random)
        for (index, norm) in block.norms.enumerated() {
            norm.runningMean = [0.2, -0.4, 0.1].map { $0 * Double(index + 1) }
            norm.runningVariance = [0.5, 2, 1.5]
            norm.scale.value = [1.2, -0.7, 0.9]
            norm.shift.value = [0.05, 0.3, -0.2]
        }
        let x = GradientCheck.randomTensor(count: 2, channels: 2, height: 6, width: 5, seed: 18)
        let workspace = Workspace<Double>()
        let fused = block.forward(x, training: false, workspace: workspace)
        var h = block.first.forward(x, training: false, workspace: workspace)
        h = block.firstNorm.forward(h, training: false, workspace: workspace)
        h = block.second.forward(h, training: false, workspace: workspace)
        h = block.secondNorm.forward(h, training: false, workspace: workspace)
        #expect(zip(fused.data, h.data).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(h.data.contains { $0 > 0 } && h.data.contains { $0 == 0 })
    }
}
