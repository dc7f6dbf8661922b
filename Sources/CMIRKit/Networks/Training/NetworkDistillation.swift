/// A run that trains one modality's network alone to reproduce a teacher model's network of that modality, in
/// place of the contrastive loss: usually a narrower network, cheaper at inference, that keeps the teacher's
/// common space because the other modality keeps the teacher's network unchanged.
///
/// Each iteration draws crops as a contrastive run does (positions, flips, the student's own quarter turn); the
/// teacher represents the crop unturned, in inference mode (running statistics, as it runs when indexing), and
/// the student's output, turned back, is pulled towards it: mean squared difference. The validation loss stays
/// the contrastive one between the student and the other network, so it shows whether the common space holds.
public struct NetworkDistillation: Codable, Sendable, Equatable {
    /// The modality whose network is trained.
    public var modality: String
    /// Fingerprint (`ModelFile.fingerprint`) and file name of the teacher: a resumed run must learn from the same file.
    public var teacherFingerprint: String
    public var teacherName: String
    /// Whether the teacher is used averaged over the quarter turns (`CoMIRRepresentation.averagesQuarterTurnsByDefault`):
    /// the student learns the teacher's single pass and keeps its other network, so the new model is used as the
    /// teacher was.
    public var teacherAveragesQuarterTurns: Bool

    public init(modality: String, teacherFingerprint: String, teacherName: String, teacherAveragesQuarterTurns: Bool) {
        self.modality = modality
        self.teacherFingerprint = teacherFingerprint
        self.teacherName = teacherName
        self.teacherAveragesQuarterTurns = teacherAveragesQuarterTurns
    }

    /// mean((output - target)^2) and its gradient with respect to the output.
    func evaluate<T: NetworkScalar>(_ output: Tensor<T>, target: Tensor<T>) -> (loss: Double, gradient: Tensor<T>) {
        weightedMeanSquaredDifference(output, target, weight: 1)
    }
}
