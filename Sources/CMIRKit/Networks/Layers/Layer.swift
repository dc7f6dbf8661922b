/// A trainable stage of a network with one input and one output.
///
/// A training forward pass keeps what the next backward pass needs; backward accumulates the gradients of the
/// layer's parameters and returns the gradient of its input. Layers borrow scratch memory from the network's
/// `workspace` (layers that need none ignore it).
protocol Layer<Scalar>: AnyObject {
    associatedtype Scalar: NetworkScalar

    /// Trainable parameters in a fixed order (the model file and the optimizer rely on it).
    var parameters: [Parameter<Scalar>] { get }

    /// `training` keeps what `backward` needs (and normalises with batch statistics).
    func forward(_ x: Tensor<Scalar>, training: Bool, workspace: Workspace<Scalar>) -> Tensor<Scalar>

    /// Given the output gradient of the last training forward pass, accumulates the parameter gradients and
    /// returns the input gradient (which may reuse `dy`'s storage when the caller hands over its only reference).
    func backward(_ dy: consuming Tensor<Scalar>, workspace: Workspace<Scalar>) -> Tensor<Scalar>

    /// Drops what the last training forward pass kept for backward.
    func releaseTrainingState()
}

extension Layer {
    var parameters: [Parameter<Scalar>] { [] }
}
