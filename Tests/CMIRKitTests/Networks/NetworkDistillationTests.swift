@testable import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

@Suite("Training a network from a teacher's")
struct NetworkDistillationTests {
    /// A teacher trained briefly on `pairs`, saved in `folder` as teacher.cmirmodel.
    private func teacher(_ pairs: [TrainingPair], in folder: URL) throws -> LoadedModel {
        try NetworkTestModels.savedTrainedModel(pairs, in: folder, name: "teacher.cmirmodel")
    }

    private func studentSettings(iterations: Int) -> TrainingSettings {
        var settings = NetworkTestModels.tinySettings(iterations: iterations)
        settings.baseWidth = 3
        return settings
    }

    /// Mean squared difference of two networks' inference over the images of one modality.
    private func distance(_ a: UNet<Float>, _ b: UNet<Float>, on images: [Image], preprocessing: ModalityPreprocessing) -> Double {
        var sum = 0.0, count = 0
        for image in images {
            let x = preprocessing.apply(image)
            let input = Tensor<Float>(count: 1, channels: x.channels, height: x.height, width: x.width, data: x.pixels)
            let (p, q) = (a.infer(input).data, b.infer(input).data)
            sum += zip(p, q).map { Double(($0 - $1) * ($0 - $1)) }.reduce(0, +)
            count += p.count
        }
        return sum / Double(count)
    }

    @Test("A narrower student comes close to the teacher's network; the other network and the preprocessing stay the teacher's")
    func studentLearnsTheTeachersNetwork() throws {
        let pairs = NetworkTestModels.syntheticPairs(count: 4, size: 48, seed: 7)
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let teacher = try teacher(pairs, in: folder)
        let trainer = try CoMIRTrainer(student: "rgb", teacher: teacher, pairs: pairs, modalityNames: ["rgb", "gray"],
                                       folders: ["a", "b"], settings: studentSettings(iterations: 150))
        let rgbImages = pairs.map { $0.images[0] }, preprocessing = teacher.model.modalities[0].preprocessing
        let before = distance(trainer.model.modalities[0].network, teacher.model.modalities[0].network, on: rgbImages, preprocessing: preprocessing)
        try trainer.run(checkpoint: nil, checkpointSeconds: .infinity) { _ in }
        let after = distance(trainer.model.modalities[0].network, teacher.model.modalities[0].network, on: rgbImages, preprocessing: preprocessing)
        #expect(after < 0.4 * before, "\(before) -> \(after)")

        let model = trainer.model
        #expect(model.modalities[0].network.architecture == UNetArchitecture(inputChannels: 3, outputChannels: 1, levels: 2, baseWidth: 3))
        #expect(model.modalities.map(\.preprocessing) == teacher.model.modalities.map(\.preprocessing))
        let teacherGray = ModelFile.tensors(of: teacher.model.modalities[1].network).map { $0.values.map(\.bitPattern) }
        #expect(ModelFile.tensors(of: model.modalities[1].network).map { $0.values.map(\.bitPattern) } == teacherGray)
        #expect(model.training?.settings.networkDistillation
            == NetworkDistillation(modality: "rgb", teacherFingerprint: teacher.fingerprint, teacherName: "teacher.cmirmodel",
                                   teacherAveragesQuarterTurns: true))
        #expect(CoMIRRepresentation.averagesQuarterTurnsByDefault(model))
        #expect(model.training?.recalibrationBatches == 32)

        // The model follows the pairs' modality order and is used as its teacher is (here: a single pass, as a
        // teacher distilled for it).
        teacher.model.training?.settings.quarterTurnDistillation = QuarterTurnDistillation(weight: 1, teacherFingerprint: "0", teacherName: "t")
        let swapped = pairs.map { TrainingPair(name: $0.name, images: [$0.images[1], $0.images[0]]) }
        let reversed = try CoMIRTrainer(student: "rgb", teacher: teacher, pairs: swapped, modalityNames: ["gray", "rgb"],
                                        folders: ["b", "a"], settings: studentSettings(iterations: 1))
        #expect(reversed.model.modalityNames == ["gray", "rgb"] && reversed.model.modalities[1].network.architecture.baseWidth == 3)
        #expect(!CoMIRRepresentation.averagesQuarterTurnsByDefault(reversed.model))
    }

    @Test("A student's run resumes exactly, and only with its teacher")
    func resumesExactlyWithItsTeacher() throws {
        let pairs = NetworkTestModels.syntheticPairs(count: 3, size: 32, seed: 4)
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let teacher = try teacher(pairs, in: folder)
        let checkpoint = folder.appendingPathComponent("s.checkpoint").path
        func student() throws -> CoMIRTrainer {
            try CoMIRTrainer(student: "gray", teacher: teacher, pairs: pairs, modalityNames: ["rgb", "gray"], folders: ["a", "b"],
                             settings: studentSettings(iterations: 6))
        }
        let (straight, resumed) = try NetworkTestModels.straightAndResumed(student, checkpoint: checkpoint) {
            try CoMIRTrainer(resuming: checkpoint, pairs: pairs, iterations: nil, networkTeacher: teacher)
        }
        #expect(resumed.record.history.map(\.loss) == straight.record.history.map(\.loss))
        #expect(NetworkTestModels.bitIdentical(straight.model, resumed.model))

        let refusal = CMIRError.input("\(checkpoint): this run learns from teacher.cmirmodel; resume it with that teacher (--teacher)")
        #expect(throws: refusal) { try CoMIRTrainer(resuming: checkpoint, pairs: pairs, iterations: nil) }
        let other = folder.appendingPathComponent("other.cmirmodel").path
        try ModelFile.save(NetworkTestModels.tinyModel(levels: 2, width: 3), to: other)
        #expect(throws: refusal) { try CoMIRTrainer(resuming: checkpoint, pairs: pairs, iterations: nil, networkTeacher: LoadedModel(path: other)) }
    }
}
