import Foundation

/// One line of training progress.
public struct TrainingProgress: Sendable {
    public var iteration: Int
    public var iterations: Int
    public var loss: Double
    /// Latest validation loss (held-back training pairs, inference mode).
    public var validationLoss: Double?
    public var secondsPerIteration: Double
    public var secondsLeft: Double
}

/// Trains a CoMIR pair on aligned image pairs.
///
/// Each iteration draws `batch` random crops (positions, flips) from the training pairs, the same crop from both
/// modalities. Each network's input is turned by its own random multiple of 90 degrees and its output turned back
/// before the loss: matching the two outputs then requires each network to be equivariant to quarter turns (C4),
/// which the retrieval stage needs for rotated queries. All randomness of iteration i comes from a generator seeded
/// by (seed, i), so a run resumed from a checkpoint draws exactly what the uninterrupted run would have drawn.
public final class CoMIRTrainer {
    public let model: CoMIRModel
    public private(set) var record: TrainingRecord
    private let optimizers: [AdamOptimizer<Float>]
    /// Preprocessed network inputs: [pair][modality].
    private let trainInputs: [[Image]]
    private let validationBatch: Batch?
    /// The teacher's networks when resumed with one for `QuarterTurnDistillation` (required when the settings
    /// distil).
    private let teachers: [UNet<Float>]?

    /// A new run on `pairs`; `validationPairCount` of them (chosen by the seed) are held back.
    public init(pairs: [TrainingPair], modalityNames: [String], folders: [String], settings: TrainingSettings) throws {
        _ = TrainingAllocator.keepsFreedMemory
        let (train, validation) = try Self.split(pairs, settings: settings)
        var preprocessing = (0..<2).map { m in
            ModalityPreprocessing.defaults(forModality: modalityNames[m], channels: min(3, pairs[0].images[m].droppingAlpha().channels))
        }
        for m in 0..<2 { preprocessing[m].fitStandardisation(train.map { $0.images[m] }) }
        model = CoMIRModel(modalityNames: modalityNames, preprocessing: preprocessing, levels: settings.levels,
                           baseWidth: settings.baseWidth, seed: settings.seed)
        record = TrainingRecord(settings: settings, trainingPairs: train.map(\.name), validationPairs: validation.map(\.name),
                                folders: folders, iterationsDone: 0, seconds: 0, history: [])
        optimizers = model.modalities.map { AdamOptimizer(parameters: $0.network.parameters) }
        trainInputs = train.map { pair in (0..<2).map { preprocessing[$0].apply(pair.images[$0]) } }
        validationBatch = Self.validationBatch(validation.map { pair in (0..<2).map { preprocessing[$0].apply(pair.images[$0]) } },
                                               settings: settings)
        teachers = nil
        model.training = record
    }

    /// Continues the run saved in `checkpoint`; `iterations` may raise the planned total, and `equivariance` or
    /// `distillation` add (or change) a term from here on. A finished run that is extended gets its
    /// batch-normalisation statistics recalibrated again at its new end. A run that distils needs its teacher
    /// again when it is resumed.
    public init(resuming checkpoint: String, pairs: [TrainingPair], iterations: Int?,
                equivariance: EquivarianceConsistency? = nil, distillation: DistillationTeacher? = nil) throws {
        _ = TrainingAllocator.keepsFreedMemory
        let (loaded, optimizerState) = try ModelFile.decode(ModelFile.read(checkpoint), name: checkpoint)
        guard var saved = loaded.training, let optimizerState else {
            throw CMIRError.input("\(checkpoint): not a training checkpoint (no optimizer state)")
        }
        if let iterations, iterations != saved.settings.iterations {
            saved.settings.iterations = iterations
            if iterations > saved.iterationsDone {
                saved.recalibrationBatches = nil
                saved.finalValidationLoss = nil
            }
        }
        if let equivariance {
            saved.settings.equivarianceConsistency = equivariance.added(to: saved.settings.equivarianceConsistency, at: saved.iterationsDone)
        }
        if let distillation {
            guard distillation.model.modalities.map(\.name) == loaded.modalities.map(\.name),
                  distillation.model.modalities.map(\.preprocessing) == loaded.modalities.map(\.preprocessing),
                  distillation.model.modalities.map(\.network.architecture) == loaded.modalities.map(\.network.architecture) else {
                throw CMIRError.input("\(distillation.term.teacherName): the teacher's modalities, preprocessing or networks differ from the checkpoint's")
            }
            saved.settings.quarterTurnDistillation = distillation.term.added(to: saved.settings.quarterTurnDistillation, at: saved.iterationsDone)
        } else if let recorded = saved.settings.quarterTurnDistillation {
            throw CMIRError.input("\(checkpoint): this run distils from \(recorded.teacherName); resume it with that teacher")
        }
        let byName = Dictionary(pairs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let train = saved.trainingPairs.compactMap { byName[$0] }
        guard train.count == saved.trainingPairs.count, saved.validationPairs.allSatisfy({ byName[$0] != nil }) else {
            throw CMIRError.input("\(checkpoint): the checkpoint was trained on pairs that these folders do not hold")
        }
        model = loaded
        record = saved
        optimizers = zip(loaded.modalities, 0...).map { modality, index in
            let optimizer = AdamOptimizer(parameters: modality.network.parameters)
            optimizer.restore(step: optimizerState.step, first: optimizerState.first[index], second: optimizerState.second[index])
            return optimizer
        }
        let preprocessing = loaded.modalities.map(\.preprocessing)
        trainInputs = train.map { pair in (0..<2).map { preprocessing[$0].apply(pair.images[$0]) } }
        validationBatch = Self.validationBatch(saved.validationPairs.map { name in (0..<2).map { preprocessing[$0].apply(byName[name]!.images[$0]) } },
                                               settings: saved.settings)
        teachers = distillation?.model.modalities.map(\.network)
        model.training = record
    }

    private static func split(_ pairs: [TrainingPair], settings: TrainingSettings) throws -> ([TrainingPair], [TrainingPair]) {
        for pair in pairs where pair.images[0].width < settings.crop || pair.images[0].height < settings.crop {
            throw CMIRError.input("pair '\(pair.name)' is smaller than the \(settings.crop) px training crop")
        }
        guard settings.crop % (1 << (settings.levels - 1)) == 0 else {
            throw CMIRError.input("the crop size must be a multiple of \(1 << (settings.levels - 1)) for \(settings.levels) levels")
        }
        guard settings.batch >= 2 else { throw CMIRError.input("the batch needs at least 2 pairs (the others are the negatives)") }
        let held = pairs.count > settings.validationPairCount ? settings.validationPairCount : 0
        var random = SeededRandom(seed: settings.seed)
        let order = pairs.indices.shuffled(using: &random)
        let validation = Set(order.prefix(held))
        return (pairs.indices.filter { !validation.contains($0) }.map { pairs[$0] },
                order.prefix(held).sorted().map { pairs[$0] })
    }

    /// Crops of both modalities with the quarter turns applied to each network's input. The last `twins` images of
    /// each modality are its first `twins` crops again, under other turns (for `EquivarianceConsistency`).
    struct Batch {
        var inputs: [Tensor<Float>]
        var turns: [[Int]]
        var twins = 0
        /// Images that are distinct crops, the ones the contrastive loss compares.
        var crops: Int { turns[0].count - twins }
    }

    private static func random(for iteration: Int, seed: UInt64) -> SeededRandom {
        var mixer = SeededRandom(seed: seed ^ (UInt64(iteration) &* 0xD1B5_4A32_D192_ED03))
        return SeededRandom(seed: mixer.next())
    }

    /// Draws the batch of iteration `iteration` from `sources` ([pair][modality]), with intensity `jitter`
    /// (see `TrainingSettings.intensityJitter`) and `twins` crops seen twice. The jitter and the twins' turns draw
    /// from their own streams, so crops, flips and turns are the same with and without them.
    static func batch(from sources: [[Image]], size: Int, crop: Int, jitter: Double = 0, twins: Int = 0,
                      random: inout SeededRandom) -> Batch {
        let channels = sources[0].map(\.channels)
        var peek = random
        let streamSeed = peek.next()
        var jitterRandom = SeededRandom(seed: streamSeed ^ 0x9E37_79B9_7F4A_7C15)
        var twinRandom = SeededRandom(seed: streamSeed ^ 0x7A15_0C4E_3B1D_6F29)
        let twins = min(twins, size)
        var data = channels.map { [Float](repeating: 0, count: (size + twins) * $0 * crop * crop) }
        var turns = [[Int]](repeating: [], count: 2)
        var twinTurns = [[Int]](repeating: [], count: 2)
        for s in 0..<size {
            let pair = sources[Int.random(in: sources.indices, using: &random)]
            let x0 = Int.random(in: 0...(pair[0].width - crop), using: &random)
            let y0 = Int.random(in: 0...(pair[0].height - crop), using: &random)
            let flip = Bool.random(using: &random)
            for m in 0..<2 {
                let image = pair[m], turn = Int.random(in: 0..<4, using: &random)
                turns[m].append(turn)
                let twinTurn = s < twins ? (turn + Int.random(in: 1...3, using: &twinRandom)) % 4 : nil
                if let twinTurn { twinTurns[m].append(twinTurn) }
                var cropPlane = [Float](repeating: 0, count: crop * crop)
                for c in 0..<channels[m] {
                    let base = c * image.pixelCount
                    let gain = jitter > 0 ? Float(exp(Double.random(in: -jitter...jitter, using: &jitterRandom))) : 1
                    let shift = jitter > 0 ? Float(Double.random(in: -jitter...jitter, using: &jitterRandom)) : 0
                    for y in 0..<crop {
                        let row = base + (y0 + y) * image.width + x0
                        for x in 0..<crop { cropPlane[y * crop + (flip ? crop - 1 - x : x)] = image.pixels[row + x] * gain + shift }
                    }
                    for (slot, slotTurn) in [(s, turn), (size + s, twinTurn)] {
                        guard let slotTurn else { continue }
                        let offset = (slot * channels[m] + c) * crop * crop
                        cropPlane.withUnsafeBufferPointer { source in
                            data[m].withUnsafeMutableBufferPointer { target in
                                QuarterTurn.rotate(source.baseAddress!, height: crop, width: crop, turns: slotTurn,
                                                   into: target.baseAddress! + offset)
                            }
                        }
                    }
                }
            }
        }
        return Batch(inputs: (0..<2).map { Tensor(count: size + twins, channels: channels[$0], height: crop, width: crop, data: data[$0]) },
                     turns: (0..<2).map { turns[$0] + twinTurns[$0] }, twins: twins)
    }

    private static func validationBatch(_ sources: [[Image]], settings: TrainingSettings) -> Batch? {
        guard !sources.isEmpty else { return nil }
        var random = SeededRandom(seed: settings.seed &+ 0x5EED)
        return batch(from: sources, size: settings.batch, crop: settings.crop, random: &random)
    }

    /// The representations of a batch, turned back to the crops' orientation.
    private func represent(_ batch: Batch, training: Bool) -> [Tensor<Float>] {
        (0..<2).map { m in
            let output = model.modalities[m].network.forward(batch.inputs[m], training: training)
            return QuarterTurn.rotate(output, turns: batch.turns[m].map { -$0 })
        }
    }

    /// One optimisation step; returns the batch loss.
    @discardableResult
    public func step() -> Double {
        let settings = record.settings
        var random = Self.random(for: record.iterationsDone, seed: settings.seed)
        let consistency = settings.equivarianceConsistency
        let distillation = settings.quarterTurnDistillation
        let batch = Self.batch(from: trainInputs, size: settings.batch, crop: settings.crop,
                               jitter: settings.intensityJitter ?? 0, twins: consistency?.crops ?? 0, random: &random)
        let crops = batch.crops, twins = batch.twins
        // The teachers run before the students, so that their activations are let go of before the students keep
        // theirs for the backward pass.
        let targets = teachers.map { teachers in
            (0..<2).map { m in
                let unturned = QuarterTurn.rotate(batch.inputs[m].images(0..<crops), turns: batch.turns[m].prefix(crops).map { -$0 })
                return QuarterTurnDistillation.targets(teacher: teachers[m], crops: unturned)
            }
        }
        for modality in model.modalities { modality.network.zeroGradients() }
        let outputs = represent(batch, training: true)
        let evaluation = settings.loss.evaluate(outputs[0].images(0..<crops), outputs[1].images(0..<crops))
        var gradients = [evaluation.gradientA, evaluation.gradientB]
        var total = evaluation.total
        if let distillation, let targets {
            for m in 0..<2 {
                let term = distillation.evaluate(outputs[m].images(0..<crops), target: targets[m])
                total += term.loss
                for i in term.gradient.data.indices { gradients[m].data[i] += term.gradient.data[i] }
            }
        }
        if let consistency, twins > 0 {
            for m in 0..<2 {
                let term = consistency.evaluate(outputs[m].images(0..<twins), outputs[m].images(crops..<(crops + twins)))
                total += term.loss
                let firstViews = term.gradientFirst.data
                for i in firstViews.indices { gradients[m].data[i] += firstViews[i] }
                gradients[m] = gradients[m].appending(term.gradientSecond)
            }
        }
        let rate = settings.learningRate(at: record.iterationsDone)
        for m in 0..<2 {
            let network = model.modalities[m].network
            network.backward(QuarterTurn.rotate(gradients[m], turns: batch.turns[m]))
            optimizers[m].update(network.parameters, learningRate: rate, clipNorm: settings.gradientClip)
        }
        record.iterationsDone += 1
        return total
    }

    /// The loss on the fixed validation batch, networks in inference mode; nil without held-back pairs.
    public func validationLoss(batchStatistics: Bool = false) -> Double? {
        guard let validationBatch else { return nil }
        let outputs = represent(validationBatch, training: batchStatistics)
        return record.settings.loss.evaluate(outputs[0], outputs[1]).total
    }

    /// Trains until the planned iterations are done (or `stopAfter` iterations in total, which is how the tests
    /// interrupt a run), writing `checkpoint` every `checkpointSeconds` and at the end, reporting every iteration.
    /// With `snapshots`, the model as it stands is also saved every `every` iterations to `path(iteration)`:
    /// the loss on one held-back pair is a poor guide to retrieval, so a run can be judged afterwards by
    /// retrieving with each snapshot (their batch-normalisation statistics are the running ones, not recalibrated).
    public func run(checkpoint: String?, checkpointSeconds: Double, stopAfter: Int? = nil,
                    snapshots: (every: Int, path: (Int) -> String)? = nil,
                    report: (TrainingProgress) -> Void) throws {
        let settings = record.settings
        var lastCheckpoint = Date()
        let startSeconds = record.seconds
        let started = Date()
        var lastValidation = record.history.last(where: { $0.validationLoss != nil })?.validationLoss
        let firstIteration = record.iterationsDone
        while record.iterationsDone < min(settings.iterations, stopAfter ?? .max) {
            let loss = step()
            guard loss.isFinite else { throw CMIRError.failure("training diverged at iteration \(record.iterationsDone) (loss \(loss))") }
            var point = TrainingRecord.Point(iteration: record.iterationsDone, loss: loss, validationLoss: nil)
            if record.iterationsDone % settings.validationInterval == 0 || record.iterationsDone == settings.iterations {
                point.validationLoss = validationLoss()
                lastValidation = point.validationLoss ?? lastValidation
            }
            record.history.append(point)
            let elapsed = Date().timeIntervalSince(started)
            record.seconds = startSeconds + elapsed
            let perIteration = elapsed / Double(record.iterationsDone - firstIteration)
            report(TrainingProgress(iteration: record.iterationsDone, iterations: settings.iterations, loss: loss,
                                    validationLoss: lastValidation, secondsPerIteration: perIteration,
                                    secondsLeft: perIteration * Double(settings.iterations - record.iterationsDone)))
            if let snapshots, record.iterationsDone % snapshots.every == 0, record.iterationsDone < settings.iterations {
                model.training = record
                try ModelFile.save(model, to: snapshots.path(record.iterationsDone))
            }
            if let checkpoint, Date().timeIntervalSince(lastCheckpoint) >= checkpointSeconds {
                try saveCheckpoint(to: checkpoint)
                lastCheckpoint = Date()
            }
        }
        if record.iterationsDone == settings.iterations && record.recalibrationBatches == nil {
            recalibrateNormalization(batches: 32)
            record.finalValidationLoss = validationLoss()
        }
        if let checkpoint { try saveCheckpoint(to: checkpoint) }
        model.training = record
    }

    /// Replaces the batch-normalisation running statistics by the plain average over `batches` training batches
    /// drawn with the final weights. The exponential running average lags behind weights that were still moving;
    /// inference (and so every representation) depends on these statistics alone.
    public func recalibrateNormalization(batches: Int) {
        let settings = record.settings
        let norms = model.modalities.flatMap(\.network.normalizations)
        for k in 1...batches {
            for norm in norms { norm.momentum = 1 / Double(k) }
            var random = Self.random(for: settings.iterations + k, seed: settings.seed ^ 0xBA7C)
            let batch = Self.batch(from: trainInputs, size: settings.batch, crop: settings.crop, random: &random)
            _ = represent(batch, training: true)
        }
        for norm in norms { norm.momentum = 0.1 }
        for modality in model.modalities { modality.network.releaseTrainingState() }
        record.recalibrationBatches = batches
    }

    /// Writes the model with the optimizer state and the training record.
    public func saveCheckpoint(to path: String) throws {
        model.training = record
        let state = ModelFile.OptimizerState(step: optimizers[0].step, first: optimizers.map(\.firstMoments),
                                             second: optimizers.map(\.secondMoments))
        try ModelFile.write(ModelFile.encode(model, optimizer: state), to: path)
    }
}
