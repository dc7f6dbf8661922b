@testable import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

@Suite("CoMIR training")
struct TrainingTests {
    @Test("A short training on synthetic aligned pairs lowers the training and validation losses")
    func lowersLoss() throws {
        let pairs = NetworkTestModels.syntheticPairs(count: 4, size: 48, seed: 3)
        let trainer = try NetworkTestModels.tinyTrainer(pairs, iterations: 40)
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

        let (straight, resumed) = try NetworkTestModels.straightAndResumed({ try NetworkTestModels.tinyTrainer(pairs, iterations: 6) },
                                                                           checkpoint: checkpoint) {
            try CoMIRTrainer(resuming: checkpoint, pairs: pairs, iterations: nil)
        }
        #expect(resumed.record.iterationsDone == 6)
        #expect(resumed.record.history.map(\.loss) == straight.record.history.map(\.loss))
        #expect(NetworkTestModels.bitIdentical(straight.model, resumed.model))
    }

    @Test("A finished run resumed with more iterations and the equivariance term trains on with it and recalibrates at its new end")
    func fineTuneWithTheEquivarianceTerm() throws {
        let pairs = NetworkTestModels.syntheticPairs(count: 3, size: 32, seed: 4)
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let checkpoint = folder.appendingPathComponent("m.checkpoint").path
        let first = try NetworkTestModels.tinyTrainer(pairs, iterations: 6)
        try first.run(checkpoint: checkpoint, checkpointSeconds: .infinity) { _ in }
        #expect(first.record.recalibrationBatches == 32)

        let term = EquivarianceConsistency(weight: 1, crops: 2)
        let tuned = try CoMIRTrainer(resuming: checkpoint, pairs: pairs, iterations: 10, equivariance: term)
        #expect(tuned.record.settings.equivarianceConsistency == EquivarianceConsistency(weight: 1, crops: 2, fromIteration: 6))
        #expect(tuned.record.recalibrationBatches == nil)
        try tuned.run(checkpoint: nil, checkpointSeconds: .infinity) { _ in }
        #expect(tuned.record.iterationsDone == 10 && tuned.record.recalibrationBatches == 32)
        // The statistics are those of a recalibration with the final weights, not the running average of the steps.
        let after = NetworkTestModels.allValues(tuned.model)
        tuned.recalibrateNormalization(batches: 32)
        #expect(NetworkTestModels.allValues(tuned.model) == after)
        #expect(NetworkTestModels.allValues(first.model) != after)
    }

    @Test("Intensity jitter changes each crop's channels by a gain and an offset of at most the given size")
    func intensityJitter() throws {
        let pairs = NetworkTestModels.syntheticPairs(count: 2, size: 32, seed: 6)
        let sources = pairs.map { $0.images }
        var plainRandom = SeededRandom(seed: 11), jitteredRandom = SeededRandom(seed: 11)
        let plain = CoMIRTrainer.batch(from: sources, size: 1, crop: 16, random: &plainRandom)
        let jittered = CoMIRTrainer.batch(from: sources, size: 1, crop: 16, jitter: 0.2, random: &jitteredRandom)
        #expect(plain.turns == jittered.turns)
        for m in 0..<2 {
            let plane = 16 * 16
            for c in 0..<plain.inputs[m].channels {
                let x = Array(plain.inputs[m].data[(c * plane)..<((c + 1) * plane)])
                let y = Array(jittered.inputs[m].data[(c * plane)..<((c + 1) * plane)])
                // y = gain * x + offset: recover both from the two most different pixels, then check every pixel.
                let low = try #require(x.indices.min { x[$0] < x[$1] }), high = try #require(x.indices.max { x[$0] < x[$1] })
                let gain = (y[high] - y[low]) / (x[high] - x[low]), offset = y[low] - gain * x[low]
                #expect(gain >= Float(exp(-0.2)) - 1e-4 && gain <= Float(exp(0.2)) + 1e-4 && abs(offset) <= 0.2 + 1e-4)
                #expect(zip(x, y).allSatisfy { abs(gain * $0 + offset - $1) < 1e-4 })
                #expect(gain != 1 || offset != 0)
            }
        }
    }

    @Test("Twin crops are the batch's first crops again under another quarter turn, and leave the other draws alone")
    func twinCrops() {
        let sources = NetworkTestModels.syntheticPairs(count: 2, size: 32, seed: 6).map { $0.images }
        var plainRandom = SeededRandom(seed: 12), twinnedRandom = SeededRandom(seed: 12)
        let plain = CoMIRTrainer.batch(from: sources, size: 5, crop: 16, jitter: 0.1, random: &plainRandom)
        let twinned = CoMIRTrainer.batch(from: sources, size: 5, crop: 16, jitter: 0.1, twins: 2, random: &twinnedRandom)
        #expect(twinned.crops == 5 && twinned.twins == 2)
        for m in 0..<2 {
            let input = twinned.inputs[m]
            #expect(input.count == 7 && Array(twinned.turns[m].prefix(5)) == plain.turns[m])
            #expect(input.images(0..<5).data == plain.inputs[m].data)
            for s in 0..<2 {
                #expect(twinned.turns[m][5 + s] != twinned.turns[m][s])
                // Both views, turned back, are the same crop.
                let view = QuarterTurn.rotate(input.images(s..<(s + 1)), turns: [-twinned.turns[m][s]])
                let twin = QuarterTurn.rotate(input.images((5 + s)..<(6 + s)), turns: [-twinned.turns[m][5 + s]])
                #expect(view.data == twin.data)
            }
        }
    }

    @Test("The equivariance term makes a trained network's single pass closer to equivariant")
    func equivarianceTermHelps() throws {
        let pairs = NetworkTestModels.syntheticPairs(count: 3, size: 48, seed: 7)
        func equivarianceError(weight: Double) throws -> Double {
            var settings = NetworkTestModels.tinySettings(iterations: 30)
            settings.validationPairCount = 0
            settings.equivarianceConsistency = weight > 0 ? EquivarianceConsistency(weight: weight, crops: 3) : nil
            let trainer = try NetworkTestModels.tinyTrainer(pairs, settings: settings)
            try trainer.run(checkpoint: nil, checkpointSeconds: .infinity) { _ in }
            // Relative squared error of turn^-1(f(turn x)) against f(x) on the whole first image, both networks.
            var error = 0.0
            for modality in trainer.model.modalities {
                let x = modality.preprocessing.apply(pairs[0].images[modality.name == "rgb" ? 0 : 1])
                let input = Tensor<Float>(count: 1, channels: x.channels, height: x.height, width: x.width, data: x.pixels)
                let direct = modality.network.infer(input)
                let turned = QuarterTurn.rotate(modality.network.infer(QuarterTurn.rotate(input, turns: [1])), turns: [-1])
                let mean = direct.data.reduce(0, +) / Float(direct.data.count)
                let variance = direct.data.map { Double(($0 - mean) * ($0 - mean)) }.reduce(0, +)
                error += zip(direct.data, turned.data).map { Double(($0 - $1) * ($0 - $1)) }.reduce(0, +) / variance
            }
            return error
        }
        let without = try equivarianceError(weight: 0), with = try equivarianceError(weight: 4)
        #expect(with < 0.6 * without)
    }

    @Test("The teacher's targets are its quarter-turn average of each crop, so they turn with the batch")
    func distillationTargets() {
        let model = NetworkTestModels.tinyModel()
        let network = model.modalities[1].network
        let sources = NetworkTestModels.syntheticPairs(count: 2, size: 32, seed: 8).map { $0.images }
        var random = SeededRandom(seed: 9)
        let crops = CoMIRTrainer.batch(from: sources, size: 4, crop: 16, random: &random).inputs[1]
        let targets = QuarterTurnDistillation.targets(teacher: network, crops: crops)
        var average = [Float](repeating: 0, count: targets.data.count)
        for k in 0..<4 {
            let turns = [Int](repeating: k, count: 4)
            let back = QuarterTurn.rotate(network.forward(QuarterTurn.rotate(crops, turns: turns), training: true), turns: turns.map { -$0 })
            for i in average.indices { average[i] += back.data[i] / 4 }
        }
        #expect(zip(targets.data, average).allSatisfy { abs($0 - $1) < 1e-5 })
        #expect(targets.data != network.forward(crops, training: true).data)
        // With batch statistics only a turn of the whole batch turns every layer's statistics along.
        let turns = [3, 3, 3, 3]
        let turned = QuarterTurnDistillation.targets(teacher: network, crops: QuarterTurn.rotate(crops, turns: turns))
        #expect(zip(turned.data, QuarterTurn.rotate(targets, turns: turns).data).allSatisfy { abs($0 - $1) < 1e-4 })
    }

    @Test("Fine-tuning with distillation brings the single pass towards the teacher's quarter-turn average")
    func distillationFineTune() throws {
        let pairs = NetworkTestModels.syntheticPairs(count: 3, size: 48, seed: 7)
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let checkpoint = folder.appendingPathComponent("m.checkpoint").path, teacherPath = folder.appendingPathComponent("teacher.cmirmodel").path
        var settings = NetworkTestModels.tinySettings(iterations: 20)
        settings.validationPairCount = 0
        let first = try NetworkTestModels.tinyTrainer(pairs, settings: settings)
        try first.run(checkpoint: checkpoint, checkpointSeconds: .infinity) { _ in }
        try ModelFile.save(first.model, to: teacherPath)
        let teacher = try DistillationTeacher(modelPath: teacherPath, weight: 20)

        // Mean squared distance of a network's single pass from the teacher's average, over the training images.
        func distance(_ model: CoMIRModel) -> Double {
            var sum = 0.0, count = 0
            for pair in pairs {
                for m in 0..<2 {
                    let x = model.modalities[m].preprocessing.apply(pair.images[m])
                    let input = Tensor<Float>(count: 1, channels: x.channels, height: x.height, width: x.width, data: x.pixels)
                    let target = CoMIRInference.quarterTurnAverage(teacher.model.modalities[m].network, input)
                    let output = model.modalities[m].network.infer(input)
                    sum += zip(output.data, target.data).map { Double(($0 - $1) * ($0 - $1)) }.reduce(0, +)
                    count += output.data.count
                }
            }
            return sum / Double(count)
        }
        let tuned = try CoMIRTrainer(resuming: checkpoint, pairs: pairs, iterations: 50, distillation: teacher)
        var term = teacher.term
        term.fromIteration = 20
        #expect(tuned.record.settings.quarterTurnDistillation == term)
        try tuned.run(checkpoint: checkpoint, checkpointSeconds: .infinity) { _ in }
        #expect(distance(tuned.model) < 0.5 * distance(teacher.model))

        // A distilling run resumes only with its teacher, and a teacher must have the run's networks.
        #expect(throws: CMIRError.input("\(checkpoint): this run distils from teacher.cmirmodel; resume it with that teacher")) {
            try CoMIRTrainer(resuming: checkpoint, pairs: pairs, iterations: nil)
        }
        #expect(try CoMIRTrainer(resuming: checkpoint, pairs: pairs, iterations: nil, distillation: teacher).record.settings.quarterTurnDistillation == term)
        try ModelFile.save(NetworkTestModels.tinyModel(levels: 2, width: 3), to: teacherPath)
        #expect(throws: CMIRError.input("teacher.cmirmodel: the teacher's modalities, preprocessing or networks differ from the checkpoint's")) {
            try CoMIRTrainer(resuming: checkpoint, pairs: pairs, iterations: nil, distillation: DistillationTeacher(modelPath: teacherPath, weight: 1))
        }
    }

    @Test("Snapshots are saved every N iterations and load as models")
    func snapshots() throws {
        let pairs = NetworkTestModels.syntheticPairs(count: 3, size: 32, seed: 4)
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let trainer = try NetworkTestModels.tinyTrainer(pairs, iterations: 7)
        let path = { (iteration: Int) in folder.appendingPathComponent("m-iter\(iteration).cmirmodel").path }
        try trainer.run(checkpoint: nil, checkpointSeconds: .infinity, snapshots: (every: 3, path: path)) { _ in }
        let written = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(written == ["m-iter3.cmirmodel", "m-iter6.cmirmodel"])
        #expect(try ModelFile.load(path(6)).training?.iterationsDone == 6)
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
