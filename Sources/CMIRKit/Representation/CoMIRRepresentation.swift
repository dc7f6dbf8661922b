import Foundation

/// Stage I with a trained CoMIR model: the network of one modality maps an image into the space shared with the
/// other modality, so a BF repository and SHG queries can be compared by the same feature pipeline.
public struct CoMIRRepresentation: Representation {
    public let inference: CoMIRInference
    public let modality: String
    /// The model file's fingerprint (both modalities share it: an index built with one network is searchable
    /// with the other).
    public let modelFingerprint: String
    public let modelName: String

    /// Loads the model at `path` and selects the network of `modality`; one-line errors for bad files or names.
    public init(modelPath path: String, modality: String, averagesQuarterTurns: Bool = false) throws {
        let data = try ModelFile.read(path)
        let model = try ModelFile.decode(data, name: path).model
        _ = try model.modality(named: modality)
        self.inference = CoMIRInference(model: model, averagesQuarterTurns: averagesQuarterTurns)
        self.modality = modality
        self.modelFingerprint = ModelFile.fingerprint(of: data)
        self.modelName = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    /// A representation from a model already in memory (its fingerprint computed from its encoding).
    public init(model: CoMIRModel, modality: String, name: String = "model", averagesQuarterTurns: Bool = false) throws {
        _ = try model.modality(named: modality)
        self.inference = CoMIRInference(model: model, averagesQuarterTurns: averagesQuarterTurns)
        self.modality = modality
        self.modelFingerprint = ModelFile.fingerprint(of: try ModelFile.encode(model))
        self.modelName = name
    }

    public var identifier: String { "comir:" + modelFingerprint }
    public var summary: String { "CoMIR \(modelName)" + Self.summarySuffix(modality: modality) }

    /// The summary a model file's network gets (stored in indexes, shown in status lines).
    static func summary(model path: String, modality: String) -> String {
        "CoMIR " + ((path as NSString).lastPathComponent as NSString).deletingPathExtension + summarySuffix(modality: modality)
    }

    static func summarySuffix(modality: String) -> String { " (\(modality) network)" }

    public func represent(_ image: Image) throws -> Image {
        try inference.represent(image, modality: modality)
    }
}
