@testable import CMIRKit
import CMIRTestSupport
import Foundation

/// Small models and synthetic aligned data for the network tests.
enum NetworkTestModels {
    /// A fresh two-modality model: "rgb" (3 channels) and "gray" (1 channel, log + stretch), tiny U-Nets.
    static func tinyModel(levels: Int = 3, width: Int = 4, seed: UInt64 = 5) -> CoMIRModel {
        CoMIRModel(modalityNames: ["rgb", "gray"],
                   preprocessing: [ModalityPreprocessing(channels: 3),
                                   ModalityPreprocessing(channels: 1, logGain: 255, stretchQuantiles: [0.01, 0.99])],
                   levels: levels, baseWidth: width, seed: seed)
    }

    /// Aligned pairs: a random smooth RGB texture and, as the second modality, a nonlinear gray function of it
    /// (so the two share structure but not intensities, like BF and SHG).
    static func syntheticPairs(count: Int, size: Int, seed: UInt64) -> [TrainingPair] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { index in
            var rgb = Image(width: size, height: size, channels: 3)
            let waves = (0..<6).map { _ in (Double.random(in: 0.05...0.4, using: &random), Double.random(in: 0.05...0.4, using: &random),
                                            Double.random(in: 0...6.28, using: &random)) }
            var gray = Image(width: size, height: size, channels: 1)
            for y in 0..<size {
                for x in 0..<size {
                    var v = 0.0
                    for (a, b, phase) in waves { v += sin(a * Double(x) + b * Double(y) + phase) }
                    v /= 6
                    rgb[x, y, 0] = Float(0.5 + 0.4 * v)
                    rgb[x, y, 1] = Float(0.5 - 0.3 * v)
                    rgb[x, y, 2] = Float(0.6 + 0.2 * v * v)
                    gray[x, y, 0] = Float(0.02 + 0.2 * max(0, v) * max(0, v))
                }
            }
            return TrainingPair(name: "pair\(index)", images: [rgb, gray])
        }
    }

    static func tinySettings(iterations: Int) -> TrainingSettings {
        var settings = TrainingSettings()
        settings.iterations = iterations
        settings.batch = 6
        settings.crop = 16
        settings.levels = 2
        settings.baseWidth = 4
        settings.learningRate = 3e-3
        settings.validationInterval = 5
        settings.seed = 11
        return settings
    }

    /// A trainer of the two modalities "rgb" and "gray" on `pairs` (tiny settings unless given).
    static func tinyTrainer(_ pairs: [TrainingPair], iterations: Int = 6, settings: TrainingSettings? = nil) throws -> CoMIRTrainer {
        try CoMIRTrainer(pairs: pairs, modalityNames: ["rgb", "gray"], folders: ["a", "b"],
                         settings: settings ?? tinySettings(iterations: iterations))
    }

    /// A model trained briefly on `pairs` (20 iterations, tiny settings), saved in `folder` as `name` and read back.
    static func savedTrainedModel(_ pairs: [TrainingPair], in folder: URL, name: String) throws -> LoadedModel {
        let path = folder.appendingPathComponent(name).path
        let trainer = try tinyTrainer(pairs, iterations: 20)
        try trainer.run(checkpoint: nil, checkpointSeconds: .infinity) { _ in }
        try ModelFile.save(trainer.model, to: path)
        return try LoadedModel(path: path)
    }

    /// A run from `make` trained straight through, and another stopped after 3 iterations into `checkpoint` and
    /// finished by the trainer `resume` makes from it; an exact resumption makes the two agree bit for bit.
    static func straightAndResumed(_ make: () throws -> CoMIRTrainer, checkpoint: String,
                                   resume: () throws -> CoMIRTrainer) throws -> (straight: CoMIRTrainer, resumed: CoMIRTrainer) {
        let straight = try make()
        try straight.run(checkpoint: nil, checkpointSeconds: .infinity) { _ in }
        let first = try make()
        try first.run(checkpoint: checkpoint, checkpointSeconds: .infinity, stopAfter: 3) { _ in }
        precondition(first.record.iterationsDone == 3, "the run to resume has 3 iterations done")
        let resumed = try resume()
        try resumed.run(checkpoint: nil, checkpointSeconds: .infinity) { _ in }
        return (straight, resumed)
    }

    /// Every tensor of both networks, flattened, for bit-exact comparisons.
    static func allValues(_ model: CoMIRModel) -> [[Float]] {
        model.modalities.flatMap { ModelFile.tensors(of: $0.network).map(\.values) }
    }

    /// Whether two models hold the same values bit for bit (NaN included).
    static func bitIdentical(_ a: CoMIRModel, _ b: CoMIRModel) -> Bool {
        allValues(a).map { $0.map(\.bitPattern) } == allValues(b).map { $0.map(\.bitPattern) }
    }
}
