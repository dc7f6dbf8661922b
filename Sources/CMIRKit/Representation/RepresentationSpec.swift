import Foundation

/// What the images of an index were mapped into before their features were taken: the raw images, or a CoMIR
/// model's network. Stored in the index as one settings row and resolved by the engine into the
/// representations a search needs; an index is rebuilt when it changes.
public enum RepresentationSpec: Sendable, Equatable, Codable {
    case raw
    case comir(CoMIRSpec)

    /// "raw grayscale", "CoMIR bf-shg (bf network, single pass)": for status lines and messages.
    public var summary: String {
        switch self {
        case .raw: "raw grayscale"
        case .comir(let spec): spec.summary
        }
    }

    /// The features `cmir index` takes when none are named: RootSIFT from the image's own resolution on a learned
    /// representation, our detected SURF on raw images (docs/decisions.md, "Default features").
    public var defaultFeatures: FeatureExtractorKind {
        self == .raw ? .surf : .rootSIFTNative
    }

    /// Whether a query represented by `other` can be searched in an index of this representation: the same
    /// model and passes, whichever network (the two networks of a model share their space).
    public func accepts(_ other: RepresentationSpec) -> Bool {
        switch (self, other) {
        case (.raw, .raw): true
        case (.comir(let a), .comir(let b)): a.modelFingerprint == b.modelFingerprint && a.averagesQuarterTurns == b.averagesQuarterTurns
        default: false
        }
    }
}

/// A CoMIR representation as an index records it.
public struct CoMIRSpec: Sendable, Equatable, Codable {
    /// The model file, as a standardised absolute path.
    public var modelPath: String
    /// Fingerprint of the model file's bytes (`ModelFile.fingerprint`): a changed file is noticed.
    public var modelFingerprint: String
    /// The network that represents the images (the repository's, in an index).
    public var modality: String
    /// Each image averaged over its four quarter turns, or one network pass.
    public var averagesQuarterTurns: Bool

    public init(modelPath: String, modelFingerprint: String, modality: String, averagesQuarterTurns: Bool) {
        self.modelPath = modelPath
        self.modelFingerprint = modelFingerprint
        self.modality = modality
        self.averagesQuarterTurns = averagesQuarterTurns
    }

    /// The model file's name without folder and extension.
    public var modelName: String { FileStem.of(modelPath) }

    public var summary: String {
        "CoMIR \(modelName) (\(modality) network\(averagesQuarterTurns ? "" : ", single pass"))"
    }
}
