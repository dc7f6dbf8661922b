import Foundation

/// The knobs of a training run.
public struct TrainingSettings: Codable, Sendable, Equatable {
    public var iterations = 1000
    public var batch = 24
    public var crop = 128
    public var seed: UInt64 = 1
    public var learningRate = 1e-3
    /// The learning rate decays along a cosine to this fraction of its start.
    public var finalLearningRateFraction = 0.05
    public var gradientClip: Double? = nil
    public var loss = ContrastiveLoss()
    public var levels = 4
    public var baseWidth = 16
    public var validationPairCount = 1
    /// Validation loss is computed every this many iterations.
    public var validationInterval = 25
    /// Intensity augmentation: every crop's channels, in each modality, get their own random gain exp(u) and
    /// offset u' (u, u' uniform in [-j, j], in standardised units), so the networks learn the tissue's structure
    /// rather than one slide's stain or one detector's gain. nil or 0: none (as the shipped model was trained).
    public var intensityJitter: Double?
    /// Pulls each network's outputs for two quarter turns of the same crops together (see
    /// `EquivarianceConsistency`). nil: none.
    public var equivarianceConsistency: EquivarianceConsistency?
    /// Pulls each network's single pass towards a teacher's quarter-turn average (see `QuarterTurnDistillation`).
    /// nil: none.
    public var quarterTurnDistillation: QuarterTurnDistillation?
    /// Trains one modality's network alone to reproduce a teacher's (see `NetworkDistillation`) instead of the
    /// contrastive loss. nil: a contrastive run.
    public var networkDistillation: NetworkDistillation?
    /// Trains one modality's network of a finished model against its other network, frozen (see `FineTuning`).
    /// nil: both networks are trained.
    public var fineTuning: FineTuning?

    public init() {}

    func learningRate(at iteration: Int) -> Double {
        let progress = Double(iteration) / Double(max(1, iterations))
        let cosine = 0.5 * (1 + cos(Double.pi * min(1, progress)))
        return learningRate * (finalLearningRateFraction + (1 - finalLearningRateFraction) * cosine)
    }
}
