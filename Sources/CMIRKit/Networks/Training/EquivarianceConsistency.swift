/// A training term that asks each network directly for equivariance to quarter turns.
///
/// The contrastive loss asks for it only through the other modality (both inputs are turned independently). With
/// this term, `crops` crops of every batch go through each network a second time under another quarter turn; the
/// two outputs, turned back, are pulled together by `weight` x their mean squared difference, in the units of the
/// contrastive critic's squared distance (so weight = 1 / temperature matches the critic's own scale). It makes the
/// single pass equivariant but smooths the output, which costs SURF points and re-ranked patch queries, so the
/// shipped model is trained without it (bench/comir-training.md,
/// "Figures behind choices in the network code").
public struct EquivarianceConsistency: Codable, Sendable, Equatable, ResumableTerm {
    public var weight: Double
    /// Crops per batch seen twice: each costs one more image through each network.
    public var crops: Int
    /// The iteration the term was added at, when a run was resumed with it (nil: from the start).
    public var fromIteration: Int?

    public init(weight: Double, crops: Int = 4, fromIteration: Int? = nil) {
        self.weight = weight
        self.crops = crops
        self.fromIteration = fromIteration
    }

    public struct Evaluation<T: NetworkScalar> {
        public var loss: Double
        public var gradientFirst: Tensor<T>
        public var gradientSecond: Tensor<T>
    }

    /// weight x mean((first - second)^2) over all values, and its gradients; the two batches are the same crops
    /// seen under two turns, both turned back.
    public func evaluate<T: NetworkScalar>(_ first: Tensor<T>, _ second: Tensor<T>) -> Evaluation<T> {
        let (loss, gradient) = weightedMeanSquaredDifference(first, second, weight: weight)
        var opposite = gradient
        for i in opposite.data.indices { opposite.data[i] = -opposite.data[i] }
        return Evaluation(loss: loss, gradientFirst: gradient, gradientSecond: opposite)
    }
}
