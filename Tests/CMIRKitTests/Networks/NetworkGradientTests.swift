@testable import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

@Suite("U-Net and contrastive loss gradients (Double, central differences)")
struct NetworkGradientTests {
    typealias G = GradientCheck

    @Test("Whole U-Net: gradients of a sample of every parameter tensor")
    func unet() {
        var random = SeededRandom(seed: 21)
        let net = UNet<Double>(architecture: UNetArchitecture(inputChannels: 2, outputChannels: 1, levels: 3, baseWidth: 2),
                               name: "u", random: &random)
        let x = G.randomTensor(count: 3, channels: 2, height: 8, width: 8, seed: 22)
        let weights = G.randomTensor(count: 3, channels: 1, height: 8, width: 8, seed: 23)
        net.zeroGradients()
        _ = net.forward(x, training: true)
        net.backward(weights)
        var analytic: [Double] = [], numeric: [Double] = []
        for parameter in net.parameters {
            let indices = Array(Set((0..<4).map { ($0 * 7919) % parameter.value.count })).sorted()
            analytic += indices.map { parameter.gradient[$0] }
            numeric += G.numericGradient(parameter.value, indices: indices) {
                parameter.value = $0
                return G.dot(net.forward(x, training: true), weights)
            }
        }
        #expect(net.parameters.count == (3 + 2) * 6 + 2) // 5 blocks of 2 convolutions + 2 norms (scale, shift), head weight + bias
        #expect(G.relativeError(analytic, numeric) < 1e-3)
    }

    @Test("Contrastive loss: gradients with respect to both modalities' representations")
    func contrastiveLoss() {
        let a = G.randomTensor(count: 4, channels: 1, height: 3, width: 3, seed: 31)
        let b = G.randomTensor(count: 4, channels: 1, height: 3, width: 3, seed: 32)
        let loss = ContrastiveLoss(temperature: 0.5, l1Penalty: 0.01, l2Penalty: 0.02)
        let evaluation = loss.evaluate(a, b)
        #expect(G.relativeError(evaluation.gradientA.data, G.numericGradient(a.data) { loss.evaluate(G.with(a, $0), b).total }) < 1e-6)
        #expect(G.relativeError(evaluation.gradientB.data, G.numericGradient(b.data) { loss.evaluate(a, G.with(b, $0)).total }) < 1e-6)
    }

    @Test("Equivariance term: its value and gradients with respect to both views")
    func equivarianceConsistency() {
        let first = G.randomTensor(count: 2, channels: 1, height: 3, width: 3, seed: 33)
        let second = G.randomTensor(count: 2, channels: 1, height: 3, width: 3, seed: 34)
        let term = EquivarianceConsistency(weight: 1.5)
        let evaluation = term.evaluate(first, second)
        let meanSquare = zip(first.data, second.data).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / 18
        #expect(abs(evaluation.loss - 1.5 * meanSquare) < 1e-12)
        #expect(G.relativeError(evaluation.gradientFirst.data, G.numericGradient(first.data) { term.evaluate(G.with(first, $0), second).loss }) < 1e-6)
        #expect(G.relativeError(evaluation.gradientSecond.data, G.numericGradient(second.data) { term.evaluate(first, G.with(second, $0)).loss }) < 1e-6)
    }

    @Test("Contrastive loss equals the InfoNCE formula written out for 2 pairs")
    func contrastiveLossValue() {
        let a = Tensor<Double>(count: 2, channels: 1, height: 1, width: 2, data: [0, 1, 2, 0])
        let b = Tensor<Double>(count: 2, channels: 1, height: 1, width: 2, data: [0, 2, 1, 1])
        let z = [[0.0, 1], [2, 0], [0, 2], [1, 1]]
        func s(_ i: Int, _ j: Int) -> Double { -((z[i][0] - z[j][0]) * (z[i][0] - z[j][0]) + (z[i][1] - z[j][1]) * (z[i][1] - z[j][1])) / 2 / 0.5 }
        var expected = 0.0
        for i in 0..<4 {
            let positive = (i + 2) % 4
            let denominator = (0..<4).filter { $0 != i }.map { exp(s(i, $0)) }.reduce(0, +)
            expected += -log(exp(s(i, positive)) / denominator)
        }
        expected /= 4
        let evaluation = ContrastiveLoss(temperature: 0.5, l1Penalty: 0, l2Penalty: 0).evaluate(a, b)
        #expect(abs(evaluation.total - expected) < 1e-12)
        #expect(evaluation.contrastive == evaluation.total)
    }
}
