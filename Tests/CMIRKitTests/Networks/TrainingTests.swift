@testable import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

@Suite("CoMIR training")
struct TrainingTests {
    @Test("A short training on synthetic aligned pairs lowers the training and validation losses")
    func lowersLoss() throws {
        let pairs = NetworkTestModels.syntheticPairs(count: 4, size: 48, seed: 3)
        let trainer = try CoMIRTrainer(pairs: pairs, modalityNames: ["rgb", "gray"], folders: ["a", "b"],
                                       settings: NetworkTestModels.tinySettings(iterations: 40))
        #expect(trainer.record.validationPairs.count == 1 && trainer.record.trainingPairs.count == 3)
        let firstValidation = try #require(trainer.validationLoss())
        try trainer.run(checkpoint: nil, checkpointSeconds: .infinity) { _ in }
        let history = trainer.record.history
        #expect(history.count == 40)
        let early = history.prefix(5).map(\.loss).reduce(0, +) / 5
        let late = history.suffix(5).map(\.loss).reduce(0, +) / 5
        #expect(late < 0.8 * early)
        let lastValidation = try #require(history.last?.validationLoss)
        #expect(lastValidation < firstValidation)
    }

    @Test("Resuming from a checkpoint continues exactly as the uninterrupted run")
    func resumeIsExact() throws {
        let pairs = NetworkTestModels.syntheticPairs(count: 3, size: 32, seed: 4)
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let checkpoint = folder.appendingPathComponent("m.checkpoint").path

        let straight = try CoMIRTrainer(pairs: pairs, modalityNames: ["rgb", "gray"], folders: ["a", "b"],
                                        settings: NetworkTestModels.tinySettings(iterations: 6))
        try straight.run(checkpoint: nil, checkpointSeconds: .infinity) { _ in }

        let first = try CoMIRTrainer(pairs: pairs, modalityNames: ["rgb", "gray"], folders: ["a", "b"],
                                     settings: NetworkTestModels.tinySettings(iterations: 6))
        try first.run(checkpoint: checkpoint, checkpointSeconds: .infinity, stopAfter: 3) { _ in }
        #expect(first.record.iterationsDone == 3)
        let resumed = try CoMIRTrainer(resuming: checkpoint, pairs: pairs, iterations: nil)
        try resumed.run(checkpoint: nil, checkpointSeconds: .infinity) { _ in }

        #expect(resumed.record.iterationsDone == 6)
        #expect(resumed.record.history.map(\.loss) == straight.record.history.map(\.loss))
        let a = NetworkTestModels.allValues(straight.model), b = NetworkTestModels.allValues(resumed.model)
        let identical = a.map { $0.map(\.bitPattern) } == b.map { $0.map(\.bitPattern) }
        #expect(identical)
    }

    @Test("Training data must pair up by name and size")
    func pairingRefusals() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = folder.appendingPathComponent("a"), b = folder.appendingPathComponent("b")
        try FileManager.default.createDirectory(at: a, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: b, withIntermediateDirectories: true)
        try ImageFile.save(TestImages.pattern(width: 32, height: 32, channels: 3), to: a.appendingPathComponent("x.png").path)
        try ImageFile.save(TestImages.pattern(width: 32, height: 32, channels: 1), to: b.appendingPathComponent("y.png").path)
        let modalities = [(name: "rgb", folder: a.path), (name: "gray", folder: b.path)]
        #expect(throws: CMIRError.input("the folders do not pair up by name: 'x' is in \(a.path) but not in \(b.path)")) {
            try TrainingData.load(modalities: modalities, names: nil)
        }
        try ImageFile.save(TestImages.pattern(width: 30, height: 32, channels: 1), to: b.appendingPathComponent("x.png").path)
        #expect(throws: CMIRError.input("pair 'x' is not aligned: rgb is 32x32 but gray is 30x32")) {
            try TrainingData.load(modalities: modalities, names: ["x"])
        }
        #expect(throws: CMIRError.input("'z' is listed but \(a.path) has no image of that name")) {
            try TrainingData.load(modalities: modalities, names: ["z"])
        }
    }

    @Test("Names come from a plain list or from a splits CSV filtered by split")
    func namesFiles() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("splits.csv").path
        try "name,split\nA 1,train\nB,test\nC - 2,train\n".write(toFile: csv, atomically: true, encoding: .utf8)
        #expect(try TrainingData.names(inFile: csv, split: "train") == ["A 1", "C - 2"])
        #expect(try TrainingData.names(inFile: csv, split: nil).count == 4)
        #expect(throws: CMIRError.input("\(csv): no names of split 'validation'")) {
            try TrainingData.names(inFile: csv, split: "validation")
        }
    }
}
