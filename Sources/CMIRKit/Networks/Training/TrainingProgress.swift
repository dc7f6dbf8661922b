/// One line of training progress.
public struct TrainingProgress: Sendable {
    public var iteration: Int
    public var iterations: Int
    public var loss: Double
    /// Latest validation loss (held-back training pairs, inference mode).
    public var validationLoss: Double?
    public var secondsPerIteration: Double
    public var secondsLeft: Double
}
