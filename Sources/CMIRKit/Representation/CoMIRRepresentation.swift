/// Stage I with a trained CoMIR model: the network of one modality maps an image into the space shared with the
/// other modality, so a BF repository and SHG queries can be compared by the same feature pipeline.
///
/// A network trained only with the contrastive loss is averaged over the four quarter turns of the image by
/// default (exactly rotation-equivariant, four times the work); a model fine-tuned with
/// `QuarterTurnDistillation` reproduces that average in one pass and is used so by default
/// (docs/decisions.md, "Quarter turns").
public struct CoMIRRepresentation: Representation {
    public let inference: CoMIRInference
    public let comir: CoMIRSpec
    /// The network's receptive margin (`CoMIRInference.margin(for:)`).
    public let contextRadius: Int

    /// Loads the model at `path` and selects the network of `modality`; one-line errors for bad files or names.
    /// `averagesQuarterTurns` nil: the model's default (`averagesQuarterTurnsByDefault`).
    public init(modelPath path: String, modality: String, averagesQuarterTurns: Bool? = nil) throws {
        try self.init(loaded: LoadedModel(path: path), modality: modality, averagesQuarterTurns: averagesQuarterTurns)
    }

    /// The network of `modality` of a model file already read, so that several representations share one load.
    public init(loaded: LoadedModel, modality: String, averagesQuarterTurns: Bool? = nil) throws {
        try self.init(model: loaded.model, modality: modality, path: loaded.path, fingerprint: loaded.fingerprint,
                      averagesQuarterTurns: averagesQuarterTurns)
    }

    /// A representation from a model in memory, fingerprinted by its encoding; `name` stands in for a file path.
    public init(model: CoMIRModel, modality: String, name: String = "model", averagesQuarterTurns: Bool? = nil) throws {
        try self.init(model: model, modality: modality, path: name,
                      fingerprint: ModelFile.fingerprint(of: try ModelFile.encode(model)), averagesQuarterTurns: averagesQuarterTurns)
    }

    private init(model: CoMIRModel, modality: String, path: String, fingerprint: String, averagesQuarterTurns: Bool?) throws {
        let network = try model.modality(named: modality).network
        let averaged = averagesQuarterTurns ?? Self.averagesQuarterTurnsByDefault(model)
        self.inference = CoMIRInference(model: model, averagesQuarterTurns: averaged)
        self.contextRadius = CoMIRInference.margin(for: network.architecture)
        self.comir = CoMIRSpec(modelPath: path, modelFingerprint: fingerprint, modality: modality, averagesQuarterTurns: averaged)
    }

    public var spec: RepresentationSpec { .comir(comir) }

    /// What `cmir index` and `cmir represent` do with `model` unless told otherwise: average the quarter turns,
    /// except for a model distilled to make its single pass equivariant; a network trained from a teacher's
    /// (`NetworkDistillation`) is used as its teacher was, a fine-tuned model (`FineTuning`) as its origin was.
    public static func averagesQuarterTurnsByDefault(_ model: CoMIRModel) -> Bool {
        if let student = model.training?.settings.networkDistillation { return student.teacherAveragesQuarterTurns }
        if let tuned = model.training?.settings.fineTuning { return tuned.originAveragesQuarterTurns }
        return model.training?.settings.quarterTurnDistillation == nil
    }

    /// The network output stretched so that its 1st and 99th percentiles map to 0 and 1, like the raw baseline:
    /// the network's scale is arbitrary, while feature detectors use absolute thresholds tuned on [0, 1] images.
    public func represent(_ image: Image, edges: ImageEdges) throws -> Image {
        try inference.represent(image, modality: comir.modality, edges: edges).plane(0).sampledPercentileStretched(low: 0.01, high: 0.99)
    }
}
