/// A fine-tuning term that makes each network's single pass reproduce a teacher's quarter-turn average.
///
/// The average of a network over the four quarter turns of its input is exactly equivariant, but it takes four
/// passes. `EquivarianceConsistency` makes one pass equivariant too, but by smoothing the output. This term
/// instead pulls each network's output for a crop, turned back, towards the teacher's quarter-turn average of the
/// same crop (the whole image's average would differ near the crop's border, where no network can follow it):
/// `weight` x mean squared difference, in the units of the critic's squared distance. The teacher is usually the
/// run's own finished model, so the student starts close to the target; it costs four teacher passes per crop.
public struct QuarterTurnDistillation: Codable, Sendable, Equatable, ResumableTerm {
    public var weight: Double
    /// Fingerprint (`ModelFile.fingerprint`) and file name of the teacher: a resumed run must distil from the same file.
    public var teacherFingerprint: String
    public var teacherName: String
    public var fromIteration: Int?

    public init(weight: Double, teacherFingerprint: String, teacherName: String, fromIteration: Int? = nil) {
        self.weight = weight
        self.teacherFingerprint = teacherFingerprint
        self.teacherName = teacherName
        self.fromIteration = fromIteration
    }

    /// weight x mean((output - target)^2) and its gradient with respect to the output.
    func evaluate<T: NetworkScalar>(_ output: Tensor<T>, target: Tensor<T>) -> (loss: Double, gradient: Tensor<T>) {
        weightedMeanSquaredDifference(output, target, weight: weight)
    }

    /// The teacher's targets for a batch of crops: its quarter-turn average, the whole batch turned at once, in
    /// the batch's statistics as the student sees them while training (running statistics made the term measure
    /// that mismatch rather than the equivariance gap: bench/comir-training.md, "Figures behind choices in the
    /// network code"). The teacher's activations are released afterwards.
    static func targets(teacher: UNet<Float>, crops: Tensor<Float>) -> Tensor<Float> {
        defer { teacher.releaseTrainingState() }
        return CoMIRInference.quarterTurnAverage(teacher, crops, batchStatistics: true)
    }
}
