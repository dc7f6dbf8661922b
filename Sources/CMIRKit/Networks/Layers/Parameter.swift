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
