/// weight x mean((a - b)^2) over all values, and its gradient with respect to `a` (the gradient with respect to
/// `b` is its negative): the squared distance of the contrastive critic, shared by the training terms that pull
/// one output towards another.
func weightedMeanSquaredDifference<T: NetworkScalar>(_ a: Tensor<T>, _ b: Tensor<T>, weight: Double) -> (loss: Double, gradient: Tensor<T>) {
    precondition(a.hasSameShape(as: b), "the two outputs need the same shape")
    let scale = weight / Double(a.data.count)
    var loss = 0.0
    var gradient = a.zeros()
    for i in a.data.indices {
        let difference = Double(a.data[i]) - Double(b.data[i])
        loss += difference * difference
        gradient.data[i] = T(2 * scale * difference)
    }
    return (loss * scale, gradient)
}
