import ArgumentParser
import CMIRKit

/// What an index or a vocabulary is built with: the representation, the features and the vocabulary's settings,
/// and the pixel sizes that choose a slide's level (shared by `cmir index` and `cmir vocabulary train`).
struct BuildOptions: ParsableArguments {
    @Option(help: "Feature extractor: \(FeatureExtractorKind.allCases.map(\.rawValue).joined(separator: ", ")) (default: the index's own when updating one, else rootsift-native with --model, surf without).")
    var features: String?

    @Option(help: "Number of visual words (default: the index's own when updating one, else \(IndexSettings.defaultVocabularySize)).")
    var vocabulary: Int?

    @Option(help: "Seed of the vocabulary's random choices (default: the index's own when updating one, else 1).")
    var seed: UInt64?

    @Option(help: "Microns per pixel of the slides that do not record theirs.")
    var pixelSize: Double?

    @Option(help: "Microns per pixel of the queries to come: slides are indexed at the coarsest level no coarser than that.")
    var queryPixelSize: Double?

    @Option(help: "A trained CoMIR model (.cmirmodel): index its representations instead of the raw images.")
    var model: String?

    @Option(help: "With --model: the modality of the repository images (the network that represents them).")
    var modality: String?

    @Flag(inversion: .prefixedNo,
          help: "With --model: average the network over the four quarter turns of each image (exactly rotation-equivariant, four times the work; default: yes, except for a model distilled with --distil-from). Queries of the index follow it.")
    var averageTurns: Bool?

    func validate() throws {
        if (model == nil) != (modality == nil) { throw ValidationError("--model and --modality go together") }
        if let vocabulary, vocabulary < 1 || vocabulary > 1_000_000 { throw ValidationError("--vocabulary must be between 1 and 1000000") }
        for (name, value) in [("--pixel-size", pixelSize), ("--query-pixel-size", queryPixelSize)] {
            if let value, !(value > 0 && value.isFinite) { throw ValidationError("\(name) must be a positive number of microns") }
        }
    }

    /// Whether any of the vocabulary's own settings was given (they come from a frozen vocabulary otherwise).
    var givesVocabularySettings: Bool { features != nil || vocabulary != nil || seed != nil }

    func representation() throws -> any Representation {
        guard let model, let modality else { return RawRepresentation() }
        return try CoMIRRepresentation(modelPath: model, modality: modality, averagesQuarterTurns: averageTurns)
    }

    /// The settings given, the others those of the index being updated (`updating`, when it was built over the
    /// same representation), else the defaults: an update never rebuilds an index because a default changed.
    func settings(for representation: any Representation, updating index: String? = nil) -> IndexSettings {
        let stored = index.flatMap { IndexSettings.stored(in: $0, over: representation.spec) }
        return IndexSettings(features: features ?? stored?.features ?? representation.spec.defaultFeatures.rawValue,
                             vocabularySize: vocabulary ?? stored?.vocabularySize ?? IndexSettings.defaultVocabularySize,
                             seed: seed ?? stored?.seed ?? 1)
    }
}
