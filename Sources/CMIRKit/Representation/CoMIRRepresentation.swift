import Foundation

/// Stage I with a trained CoMIR model: the network of one modality maps an image into the space shared with the
/// other modality, so a BF repository and SHG queries can be compared by the same feature pipeline.
///
/// A network trained only with the contrastive loss is averaged over the four quarter turns of the image by
/// default: exactly rotation-equivariant representations (such a network alone reached a correlation of 0.923 at
/// worst between represent(rot x) and rot(represent x) on the test images, below the 0.95 rotated queries need)
/// and slightly better cross-modality retrieval, for four times the work. A model fine-tuned with
/// `QuarterTurnDistillation` is used in a single pass by default: it reproduces its teacher's average in one pass.
public struct CoMIRRepresentation: Representation {
    public let inference: CoMIRInference
    public let modality: String
    /// The model file's fingerprint (both modalities share it: an index built with one network is searchable
    /// with the other).
    public let modelFingerprint: String
    public let modelName: String

    /// Loads the model at `path` and selects the network of `modality`; one-line errors for bad files or names.
    /// `averagesQuarterTurns` nil: the model's default (`averagesQuarterTurnsByDefault`).
    public init(modelPath path: String, modality: String, averagesQuarterTurns: Bool? = nil) throws {
        try self.init(loaded: LoadedModel(path: path), modality: modality, averagesQuarterTurns: averagesQuarterTurns)
    }

    /// The network of `modality` of a model file already read, so that several representations share one load.
    public init(loaded: LoadedModel, modality: String, averagesQuarterTurns: Bool? = nil) throws {
        try self.init(model: loaded.model, modality: modality, fingerprint: loaded.fingerprint, name: loaded.name,
                      averagesQuarterTurns: averagesQuarterTurns)
    }

    /// A representation from a model already in memory (its fingerprint computed from its encoding).
    public init(model: CoMIRModel, modality: String, name: String = "model",
                averagesQuarterTurns: Bool? = nil) throws {
        try self.init(model: model, modality: modality, fingerprint: ModelFile.fingerprint(of: try ModelFile.encode(model)),
                      name: name, averagesQuarterTurns: averagesQuarterTurns)
    }

    private init(model: CoMIRModel, modality: String, fingerprint: String, name: String, averagesQuarterTurns: Bool?) throws {
        _ = try model.modality(named: modality)
        self.inference = CoMIRInference(model: model, averagesQuarterTurns: averagesQuarterTurns ?? Self.averagesQuarterTurnsByDefault(model))
        self.modality = modality
        self.modelFingerprint = fingerprint
        self.modelName = name
    }

    /// "comir:<model fingerprint>", with ":single" when the quarter-turn average is off (a different representation).
    public var identifier: String { "comir:" + modelFingerprint + Self.identifierSuffix(averaged: inference.averagesQuarterTurns) }

    /// What `cmir index` and `cmir represent` do with `model` unless told otherwise: average the quarter turns,
    /// except for a model distilled to make its single pass equivariant.
    public static func averagesQuarterTurnsByDefault(_ model: CoMIRModel) -> Bool {
        model.training?.settings.quarterTurnDistillation == nil
    }

    static let singlePassMarker = ":single"

    /// The end of the identifier after the model's fingerprint: what a cache keyed by the model file's own
    /// bytes adds to tell the two representations of one model apart.
    public static func identifierSuffix(averaged: Bool) -> String { averaged ? "" : singlePassMarker }

    /// Whether the CoMIR representation called `identifier` averages the quarter turns.
    static func averagesQuarterTurns(identifier: String) -> Bool { !identifier.hasSuffix(singlePassMarker) }
    public var summary: String {
        "CoMIR \(modelName)" + Self.summarySuffix(modality: modality, averaged: inference.averagesQuarterTurns)
    }

    /// The summary a model file's network gets (stored in indexes, shown in status lines).
    static func summary(model path: String, modality: String, averaged: Bool) -> String {
        "CoMIR " + ((path as NSString).lastPathComponent as NSString).deletingPathExtension + summarySuffix(modality: modality, averaged: averaged)
    }

    static func summarySuffix(modality: String, averaged: Bool) -> String {
        " (\(modality) network\(averaged ? "" : ", single pass"))"
    }

    /// The network output stretched so that its 1st and 99th percentiles map to 0 and 1, like the raw baseline:
    /// the network's scale is arbitrary, while feature detectors use absolute thresholds tuned on [0, 1] images.
    public func represent(_ image: Image) throws -> Image {
        try inference.represent(image, modality: modality).plane(0).sampledPercentileStretched(low: 0.01, high: 0.99)
    }
}

extension Image {
    /// Maps the `low` and `high` quantiles to 0 and 1, clipping outside. The quantiles come from at most about a
    /// million evenly spaced samples, so a huge image is neither sorted nor copied whole (unlike
    /// `percentileStretched`, whose exact quantiles the two agree with on images of up to a million values).
    public func sampledPercentileStretched(low: Double, high: Double) -> Image {
        let step = max(1, pixels.count / 1_000_000)
        let samples = Swift.stride(from: 0, to: pixels.count, by: step).map { pixels[$0] }.sorted()
        let lo = samples[Int(Double(samples.count - 1) * low)], hi = samples[Int(Double(samples.count - 1) * high)]
        var out = self
        let scale = hi - lo > 1e-12 ? 1 / (hi - lo) : 0
        out.pixels.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count { p[i] = min(max((p[i] - lo) * scale, 0), 1) }
        }
        return out
    }
}
