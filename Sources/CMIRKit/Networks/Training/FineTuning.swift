/// A run that goes on training one modality's network of a finished model with the contrastive loss, against the
/// model's other network, which stays as it is: the frozen network represents each crop unturned, in inference
/// mode (running statistics), exactly as it represents a repository when indexing. So a repository indexed with
/// the frozen network keeps its content, and the tuned network (usually the queries') learns the space it is
/// searched in, on the user's own pairs.
public struct FineTuning: Codable, Sendable, Equatable {
    /// The modality whose network is trained.
    public var modality: String
    /// Fingerprint (`ModelFile.fingerprint`) and file name of the model the run started from.
    public var originFingerprint: String
    public var originName: String
    /// Fingerprint of the model whose network of the other modality this one keeps: the origin's, or, when the
    /// origin is itself fine-tuned in the same modality, the model that one kept its network from. An index built
    /// with either can be searched with this model (`IndexRepresentations.resolve`).
    public var keptFromFingerprint: String
    /// Whether the origin is used averaged over the quarter turns (`CoMIRRepresentation.averagesQuarterTurnsByDefault`):
    /// the tuned model is used as its origin was, since its frozen network is the origin's.
    public var originAveragesQuarterTurns: Bool

    public init(modality: String, originFingerprint: String, originName: String, keptFromFingerprint: String,
                originAveragesQuarterTurns: Bool) {
        self.modality = modality
        self.originFingerprint = originFingerprint
        self.originName = originName
        self.keptFromFingerprint = keptFromFingerprint
        self.originAveragesQuarterTurns = originAveragesQuarterTurns
    }

    /// The fine-tuning of `modality`'s network of `origin`.
    public init(modality: String, origin: LoadedModel) {
        let earlier = origin.model.training?.settings.fineTuning
        self.init(modality: modality, originFingerprint: origin.fingerprint, originName: origin.fileName,
                  keptFromFingerprint: earlier?.modality == modality ? earlier!.keptFromFingerprint : origin.fingerprint,
                  originAveragesQuarterTurns: CoMIRRepresentation.averagesQuarterTurnsByDefault(origin.model))
    }

    /// Whether a model fine-tuned so keeps the network of an index built with the model `fingerprint` in
    /// `indexedModality`.
    public func keepsNetwork(ofModelWithFingerprint fingerprint: String, modality indexedModality: String) -> Bool {
        indexedModality != modality && (fingerprint == originFingerprint || fingerprint == keptFromFingerprint)
    }
}
