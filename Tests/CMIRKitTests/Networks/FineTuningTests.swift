@testable import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

@Suite("Fine-tuning one network against the other, frozen")
struct FineTuningTests {
    private func settings(iterations: Int) -> TrainingSettings {
        var settings = NetworkTestModels.tinySettings(iterations: iterations)
        settings.validationPairCount = 0
        // Deliberately not the origin's architecture: a fine-tuned network keeps its own.
        settings.levels = 3
        settings.baseWidth = 2
        return settings
    }

    /// A fine-tuning run of `origin`'s network of `modality` on `pairs` (modalities rgb, gray).
    private func tuning(_ modality: String, from origin: LoadedModel, pairs: [TrainingPair], iterations: Int) throws -> CoMIRTrainer {
        try CoMIRTrainer(fineTuning: modality, from: origin, pairs: pairs, modalityNames: ["rgb", "gray"], folders: ["a", "b"],
                         settings: settings(iterations: iterations))
    }

    /// The contrastive loss of `model`'s two networks, in inference mode, on a fixed batch of training crops.
    private func trainingLoss(_ model: CoMIRModel, on pairs: [TrainingPair]) -> Double {
        let inputs = pairs.map { pair in (0..<2).map { model.modalities[$0].preprocessing.apply(pair.images[$0]) } }
        var random = SeededRandom(seed: 99)
        let batch = CoMIRTrainer.batch(from: inputs, size: 8, crop: 16, random: &random)
        let outputs = (0..<2).map { m in
            QuarterTurn.rotate(model.modalities[m].network.infer(batch.inputs[m]), turns: batch.turns[m].map { -$0 })
        }
        return ContrastiveLoss().evaluate(outputs[0], outputs[1]).total
    }

    @Test("The tuned network brings the pairs closer; the frozen network, the preprocessing and the architecture stay the origin's")
    func tunedNetworkLearnsAndTheOtherStays() throws {
        let pairs = NetworkTestModels.syntheticPairs(count: 4, size: 48, seed: 7)
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let origin = try NetworkTestModels.savedTrainedModel(pairs, in: folder, name: "origin.cmirmodel")
        let frozenBits = ModelFile.tensors(of: origin.model.modalities[0].network).map { $0.values.map(\.bitPattern) }
        let tunedBits = ModelFile.tensors(of: origin.model.modalities[1].network).map { $0.values.map(\.bitPattern) }
        let before = trainingLoss(origin.model, on: pairs)
        let trainer = try tuning("gray", from: origin, pairs: pairs, iterations: 80)
        try trainer.run(checkpoint: nil, checkpointSeconds: .infinity) { _ in }
        let model = trainer.model
        let after = trainingLoss(model, on: pairs)
        #expect(after < 0.9 * before, "\(before) -> \(after)")

        #expect(ModelFile.tensors(of: model.modalities[0].network).map { $0.values.map(\.bitPattern) } == frozenBits)
        #expect(ModelFile.tensors(of: model.modalities[1].network).map { $0.values.map(\.bitPattern) } != tunedBits)
        #expect(ModelFile.tensors(of: origin.model.modalities[1].network).map { $0.values.map(\.bitPattern) } == tunedBits)
        #expect(model.modalities.map(\.preprocessing) == origin.model.modalities.map(\.preprocessing))
        #expect(model.modalities.map(\.network.architecture) == origin.model.modalities.map(\.network.architecture))
        #expect(model.training?.settings.fineTuning
            == FineTuning(modality: "gray", originFingerprint: origin.fingerprint, originName: "origin.cmirmodel", keptFromFingerprint: origin.fingerprint,
                          originAveragesQuarterTurns: true))
        #expect(model.training?.recalibrationBatches == 32)
        #expect(CoMIRRepresentation.averagesQuarterTurnsByDefault(model))

        // A model used in one pass stays so when tuned.
        origin.model.training?.settings.quarterTurnDistillation = QuarterTurnDistillation(weight: 1, teacherFingerprint: "0", teacherName: "t")
        let single = try tuning("rgb", from: origin, pairs: pairs, iterations: 1)
        #expect(!CoMIRRepresentation.averagesQuarterTurnsByDefault(single.model))
    }

    @Test("A fine-tuning run resumes exactly and takes no other term")
    func resumesExactly() throws {
        let pairs = NetworkTestModels.syntheticPairs(count: 3, size: 32, seed: 4)
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let origin = try NetworkTestModels.savedTrainedModel(pairs, in: folder, name: "origin.cmirmodel")
        let checkpoint = folder.appendingPathComponent("t.checkpoint").path
        func fresh() throws -> CoMIRTrainer { try tuning("rgb", from: origin, pairs: pairs, iterations: 6) }
        let (straight, resumed) = try NetworkTestModels.straightAndResumed(fresh, checkpoint: checkpoint) {
            try CoMIRTrainer(resuming: checkpoint, pairs: pairs, iterations: nil)
        }
        #expect(resumed.record.history.map(\.loss) == straight.record.history.map(\.loss))
        #expect(NetworkTestModels.bitIdentical(straight.model, resumed.model))
        #expect(throws: CMIRError.input("\(checkpoint): a run that fine-tunes one network takes no other term")) {
            try CoMIRTrainer(resuming: checkpoint, pairs: pairs, iterations: nil, equivariance: EquivarianceConsistency(weight: 1))
        }
    }

    @Test("A model tuned twice in one modality keeps the first origin's other network; tuned across, it does not")
    func chainedTuningKeepsTheFirstOriginsNetwork() throws {
        let pairs = NetworkTestModels.syntheticPairs(count: 3, size: 32, seed: 4)
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let origin = try NetworkTestModels.savedTrainedModel(pairs, in: folder, name: "origin.cmirmodel")
        func term(_ modality: String, from model: LoadedModel) throws -> FineTuning {
            try #require(try tuning(modality, from: model, pairs: pairs, iterations: 1).model.training?.settings.fineTuning)
        }
        let firstTrainer = try tuning("gray", from: origin, pairs: pairs, iterations: 1)
        try firstTrainer.run(checkpoint: nil, checkpointSeconds: .infinity) { _ in }
        let firstPath = folder.appendingPathComponent("first.cmirmodel").path
        try ModelFile.save(firstTrainer.model, to: firstPath)
        let first = try LoadedModel(path: firstPath)

        let again = try term("gray", from: first)
        #expect(again.originFingerprint == first.fingerprint && again.keptFromFingerprint == origin.fingerprint)
        #expect(again.keepsNetwork(ofModelWithFingerprint: origin.fingerprint, modality: "rgb"))
        #expect(again.keepsNetwork(ofModelWithFingerprint: first.fingerprint, modality: "rgb"))
        #expect(!again.keepsNetwork(ofModelWithFingerprint: origin.fingerprint, modality: "gray"))
        let across = try term("rgb", from: first)
        #expect(across.keptFromFingerprint == first.fingerprint)
        #expect(!across.keepsNetwork(ofModelWithFingerprint: origin.fingerprint, modality: "gray"))
        #expect(across.keepsNetwork(ofModelWithFingerprint: first.fingerprint, modality: "gray"))
    }

    /// A run made from another model (a student learning a teacher's network, or a fine-tuning) in each mode.
    enum DerivedRun: CaseIterable {
        case student, fineTuning

        func make(_ modality: String, from source: LoadedModel, pairs: [TrainingPair], modalityNames: [String]) throws -> CoMIRTrainer {
            let settings = NetworkTestModels.tinySettings(iterations: 1)
            switch self {
            case .student:
                return try CoMIRTrainer(student: modality, teacher: source, pairs: pairs, modalityNames: modalityNames,
                                        folders: ["a", "b"], settings: settings)
            case .fineTuning:
                return try CoMIRTrainer(fineTuning: modality, from: source, pairs: pairs, modalityNames: modalityNames,
                                        folders: ["a", "b"], settings: settings)
            }
        }
    }

    @Test("A run made from another model needs a modality the pairs give and the model's own modalities", arguments: DerivedRun.allCases)
    func derivedRunsRefuseOtherModalities(_ run: DerivedRun) throws {
        let pairs = NetworkTestModels.syntheticPairs(count: 3, size: 32, seed: 4)
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try NetworkTestModels.savedTrainedModel(pairs, in: folder, name: "source.cmirmodel")
        let (role, trained) = run == .student ? ("teacher", "student's") : ("model", "tuned")
        #expect(throws: CMIRError.input("no --pair gives the images of the \(trained) modality 'shg'")) {
            try run.make("shg", from: source, pairs: pairs, modalityNames: ["rgb", "gray"])
        }
        #expect(throws: CMIRError.input("source: the \(role)'s modalities are rgb, gray, not rgb, shg")) {
            try run.make("rgb", from: source, pairs: pairs, modalityNames: ["rgb", "shg"])
        }
    }
}
