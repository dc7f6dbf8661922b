/// A training term that asks each network directly for equivariance to quarter turns.
///
/// The contrastive loss asks for it only through the other modality (both inputs are turned independently), which
/// leaves the single network pass at a correlation of about 0.92-0.97 between represent(rot x) and rot(represent x).
/// With this term, `crops` crops of every batch go through each network a second time under another quarter turn;
/// the two outputs, turned back, are pulled together by `weight` x their mean squared difference, in the units of
/// the contrastive critic's squared distance (so weight = 1 / temperature would match the critic's own scale).
/// A network that passes it needs no four-pass average at inference.
public struct EquivarianceConsistency: Codable, Sendable, Equatable {
    public var weight: Double
    /// Crops per batch seen twice: each costs one more image through each network.
    public var crops: Int

    public init(weight: Double, crops: Int = 4) {
        self.weight = weight
        self.crops = crops
    }

    public struct Evaluation<T: NetworkScalar> {
        public var loss: Double
        public var gradientFirst: Tensor<T>
        public var gradientSecond: Tensor<T>
    }

    /// weight x mean((first - second)^2) over all values, and its gradients; the two batches are the same crops
    /// seen under two turns, both turned back.
    public func evaluate<T: NetworkScalar>(_ first: Tensor<T>, _ second: Tensor<T>) -> Evaluation<T> {
        precondition(first.hasSameShape(as: second), "the two views need the same shape")
        let scale = weight / Double(first.data.count)
        var loss = 0.0
        var gradientFirst = first.zeros(), gradientSecond = second.zeros()
        for i in first.data.indices {
            let difference = Double(first.data[i]) - Double(second.data[i])
            loss += difference * difference
            gradientFirst.data[i] = T(2 * scale * difference)
            gradientSecond.data[i] = T(-2 * scale * difference)
        }
        return Evaluation(loss: loss * scale, gradientFirst: gradientFirst, gradientSecond: gradientSecond)
    }
}
