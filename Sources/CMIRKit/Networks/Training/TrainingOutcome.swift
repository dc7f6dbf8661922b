/// How a training run ended.
public enum TrainingOutcome: Sendable, Equatable {
    /// The planned iterations (or `stopAfter`) are done.
    case finished
    /// `shouldStop` asked for the run to end; the checkpoint holds the run as it stood after `iteration`.
    case stopped(iteration: Int)
}
