import Foundation

/// A trainable array of weights with its gradient, which backward passes accumulate into and the optimizer reads.
public final class Parameter<T: NetworkScalar>: @unchecked Sendable {
    /// Stable name used in model files ("encoder0.conv1.weight").
    public let name: String
    public var value: [T]
    public var gradient: [T]

    init(name: String, value: [T]) {
        self.name = name
        self.value = value
        self.gradient = [T](repeating: 0, count: value.count)
    }

    func zeroGradient() {
        gradient.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }
}

extension SeededRandom {
    /// A standard normal sample (Box-Muller), for weight initialisation.
    mutating func nextGaussian() -> Double {
        let u1 = Double.random(in: Double.leastNonzeroMagnitude..<1, using: &self)
        let u2 = Double.random(in: 0..<1, using: &self)
        return (-2 * Foundation.log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
