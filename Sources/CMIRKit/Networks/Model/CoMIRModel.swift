/// A trained (or training) CoMIR pair: one U-Net per modality, sharing no weights, each with its preprocessing,
/// plus the record of how it was trained. Both networks map into the same representation space.
public final class CoMIRModel: @unchecked Sendable {
    public struct Modality: @unchecked Sendable {
        public let name: String
        public var preprocessing: ModalityPreprocessing
        public let network: UNet<Float>
    }

    public private(set) var modalities: [Modality]
    public var training: TrainingRecord?

    public init(modalities: [Modality], training: TrainingRecord? = nil) {
        precondition(modalities.count == 2, "a CoMIR model has two modalities")
        self.modalities = modalities
        self.training = training
    }

    /// A freshly initialised model (He initialisation from `seed`).
    public convenience init(modalityNames: [String], preprocessing: [ModalityPreprocessing], levels: Int, baseWidth: Int,
                            outputChannels: Int = 1, seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let modalities = zip(modalityNames, preprocessing).map { name, prep in
            Modality(name: name, preprocessing: prep,
                     network: UNet<Float>(architecture: UNetArchitecture(inputChannels: prep.channels, outputChannels: outputChannels,
                                                                         levels: levels, baseWidth: baseWidth),
                                          name: name, random: &random))
        }
        self.init(modalities: modalities)
    }

    public var modalityNames: [String] { modalities.map(\.name) }

    /// The modality called `name`, or a one-line error naming the ones the model has.
    public func modality(named name: String) throws -> Modality {
        guard let found = modalities.first(where: { $0.name == name }) else {
            throw CMIRError.input("the model has no modality '\(name)' (it has \(modalityNames.joined(separator: ", ")))")
        }
        return found
    }

    func setPreprocessing(_ preprocessing: ModalityPreprocessing, at index: Int) {
        modalities[index].preprocessing = preprocessing
    }
}
