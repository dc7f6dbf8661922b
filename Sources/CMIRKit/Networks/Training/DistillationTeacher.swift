import Foundation

/// A teacher read from its model file, with the term that records it.
public struct DistillationTeacher {
    public let model: CoMIRModel
    public let term: QuarterTurnDistillation

    public init(modelPath path: String, weight: Double) throws {
        let loaded = try LoadedModel(path: path)
        model = loaded.model
        term = QuarterTurnDistillation(weight: weight, teacherFingerprint: loaded.fingerprint,
                                       teacherName: loaded.fileName)
    }
}
