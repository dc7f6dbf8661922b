import Foundation

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

/// How a model was trained, stored in the model file.
public struct TrainingRecord: Codable, Sendable, Equatable {
    public struct Point: Codable, Sendable, Equatable {
        public var iteration: Int
        public var loss: Double
        public var validationLoss: Double?
    }

    public var settings: TrainingSettings
    /// Names of the image pairs trained on and held back for validation.
    public var trainingPairs: [String]
    public var validationPairs: [String]
    /// Folders per modality, as given.
    public var folders: [String]
    public var iterationsDone: Int
    public var seconds: Double
    public var history: [Point]
    /// Batches whose plain average replaced the running batch-normalisation statistics after the last iteration
    /// (nil until then), and the validation loss measured afterwards.
    public var recalibrationBatches: Int?
    public var finalValidationLoss: Double?
}

/// The knobs of a training run.
public struct TrainingSettings: Codable, Sendable, Equatable {
    public var iterations = 1000
    public var batch = 24
    public var crop = 128
    public var seed: UInt64 = 1
    public var learningRate = 1e-3
    /// The learning rate decays along a cosine to this fraction of its start.
    public var finalLearningRateFraction = 0.05
    public var gradientClip: Double? = nil
    public var loss = ContrastiveLoss()
    public var levels = 4
    public var baseWidth = 16
    public var validationPairCount = 1
    /// Validation loss is computed every this many iterations.
    public var validationInterval = 25
    /// Intensity augmentation: every crop's channels, in each modality, get their own random gain exp(u) and
    /// offset u' (u, u' uniform in [-j, j], in standardised units), so the networks learn the tissue's structure
    /// rather than one slide's stain or one detector's gain. nil or 0: none (as the shipped model was trained).
    public var intensityJitter: Double?
    /// Pulls each network's outputs for two quarter turns of the same crops together (see
    /// `EquivarianceConsistency`). nil: none.
    public var equivarianceConsistency: EquivarianceConsistency?
    /// Pulls each network's single pass towards a teacher's quarter-turn average (see `QuarterTurnDistillation`).
    /// nil: none.
    public var quarterTurnDistillation: QuarterTurnDistillation?

    public init() {}

    func learningRate(at iteration: Int) -> Double {
        let progress = Double(iteration) / Double(max(1, iterations))
        let cosine = 0.5 * (1 + cos(Double.pi * min(1, progress)))
        return learningRate * (finalLearningRateFraction + (1 - finalLearningRateFraction) * cosine)
    }
}
