/// What a training run tells its caller as it goes.
public enum TrainingEvent: Sendable {
    /// An iteration finished.
    case iteration(TrainingProgress)
    /// The checkpoint now holds the run as it stood after `iteration`.
    case checkpoint(iteration: Int)
    /// `batch` of `batches` batches of the batch-normalisation recalibration after the last iteration are done.
    case recalibration(batch: Int, batches: Int)
}
