@testable import CMIRKit
import CMIRTestSupport

/// Central finite differences in Double against the layers' analytic backward passes.
/// The layers are generic over their scalar, so these checks run exactly the code that trains in Float.
enum GradientCheck {
    static let step = 1e-5

    static func randomTensor(count: Int, channels: Int, height: Int, width: Int, seed: UInt64) -> Tensor<Double> {
        var random = SeededRandom(seed: seed)
        return Tensor(count: count, channels: channels, height: height, width: width,
                      data: (0..<(count * channels * height * width)).map { _ in Double.random(in: -1...1, using: &random) })
    }

    /// The norm-wise relative error ||analytic - numeric|| / max(||analytic||, ||numeric||).
    static func relativeError(_ analytic: [Double], _ numeric: [Double]) -> Double {
        var difference = 0.0, a = 0.0, n = 0.0
        for i in analytic.indices {
            difference += (analytic[i] - numeric[i]) * (analytic[i] - numeric[i])
            a += analytic[i] * analytic[i]
            n += numeric[i] * numeric[i]
        }
        let scale = max(a, n).squareRoot()
        return scale == 0 ? 0 : difference.squareRoot() / scale
    }

    /// Numeric gradient of `loss` at `values` (at `indices`, default all). `loss` receives perturbed copies;
    /// it is called with `values` itself last, so a closure that installs them leaves the original state behind.
    static func numericGradient(_ values: [Double], indices: [Int]? = nil, loss: ([Double]) -> Double) -> [Double] {
        var probe = values
        let gradient = (indices ?? Array(values.indices)).map { i in
            probe[i] = values[i] + step
            let plus = loss(probe)
            probe[i] = values[i] - step
            let minus = loss(probe)
            probe[i] = values[i]
            return (plus - minus) / (2 * step)
        }
        _ = loss(values)
        return gradient
    }

    /// `tensor` with other values.
    static func with(_ tensor: Tensor<Double>, _ values: [Double]) -> Tensor<Double> {
        var copy = tensor
        copy.data = values
        return copy
    }

    /// sum(output * weights): a scalar whose output gradient is `weights`.
    static func dot(_ output: Tensor<Double>, _ weights: Tensor<Double>) -> Double {
        zip(output.data, weights.data).reduce(0) { $0 + $1.0 * $1.1 }
    }
}
