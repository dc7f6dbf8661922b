import Foundation

extension CoMIRTrainer {
    /// Trains until the planned iterations are done (or `stopAfter` iterations in total, which is how the tests
    /// interrupt a run), reporting every iteration. `checkpoint` is written after the first iteration (so that an
    /// interruption soon after the start loses little), then every `checkpointSeconds`, before the recalibration
    /// and at the end. `shouldStop` is asked after every iteration and recalibration batch: when it says yes, the
    /// checkpoint is brought up to date and the run returns `.stopped` (an interrupted recalibration is redone on
    /// resuming, from the checkpoint written before it).
    /// With `snapshots`, the model as it stands is also saved every `every` iterations to `path(iteration)`:
    /// the loss on one held-back pair is a poor guide to retrieval, so a run can be judged afterwards by
    /// retrieving with each snapshot (their batch-normalisation statistics are the running ones, not recalibrated).
    @discardableResult
    public func run(checkpoint: String?, checkpointSeconds: Double, stopAfter: Int? = nil,
                    snapshots: (every: Int, path: (Int) -> String)? = nil,
                    shouldStop: () -> Bool = { false },
                    report: (TrainingEvent) -> Void) throws -> TrainingOutcome {
        let settings = record.settings
        var lastCheckpoint: (iteration: Int, time: Date)?
        func writeCheckpoint() throws {
            guard let checkpoint, lastCheckpoint?.iteration != record.iterationsDone else { return }
            try saveCheckpoint(to: checkpoint)
            lastCheckpoint = (record.iterationsDone, Date())
            report(.checkpoint(iteration: record.iterationsDone))
        }
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
            report(.iteration(TrainingProgress(iteration: record.iterationsDone, iterations: settings.iterations, loss: loss,
                                               validationLoss: lastValidation, secondsPerIteration: perIteration,
                                               secondsLeft: perIteration * Double(settings.iterations - record.iterationsDone))))
            if let snapshots, record.iterationsDone % snapshots.every == 0, record.iterationsDone < settings.iterations {
                model.training = record
                try ModelFile.save(model, to: snapshots.path(record.iterationsDone))
            }
            if shouldStop() {
                try writeCheckpoint()
                return .stopped(iteration: record.iterationsDone)
            }
            if lastCheckpoint.map({ Date().timeIntervalSince($0.time) >= checkpointSeconds }) ?? true {
                try writeCheckpoint()
            }
        }
        if record.iterationsDone == settings.iterations && record.recalibrationBatches == nil {
            try writeCheckpoint()
            let batches = 32
            guard recalibrateNormalization(batches: batches, shouldStop: shouldStop,
                                           report: { report(.recalibration(batch: $0, batches: batches)) }) else {
                return .stopped(iteration: record.iterationsDone)
            }
            record.finalValidationLoss = validationLoss()
            lastCheckpoint = nil
        }
        try writeCheckpoint()
        model.training = record
        return .finished
    }

    /// Replaces the batch-normalisation running statistics by the plain average over `batches` training batches
    /// drawn with the final weights. The exponential running average lags behind weights that were still moving;
    /// inference (and so every representation) depends on these statistics alone. Reports each finished batch;
    /// returns false, with the statistics half replaced, when `shouldStop` ends it early.
    @discardableResult
    public func recalibrateNormalization(batches: Int, shouldStop: () -> Bool = { false },
                                         report: (Int) -> Void = { _ in }) -> Bool {
        let settings = record.settings
        let networks = trainedModalities.map { model.modalities[$0].network }
        let norms = networks.flatMap(\.normalizations)
        defer { for norm in norms { norm.momentum = 0.1 } }
        for k in 1...batches {
            for norm in norms { norm.momentum = 1 / Double(k) }
            var random = Self.random(for: settings.iterations + k, seed: settings.seed ^ 0xBA7C)
            let batch = Self.batch(from: trainInputs, size: settings.batch, crop: settings.crop, random: &random)
            for m in trainedModalities { _ = model.modalities[m].network.forward(batch.inputs[m], training: true) }
            report(k)
            if k < batches && shouldStop() { return false }
        }
        for network in networks { network.releaseTrainingState() }
        record.recalibrationBatches = batches
        return true
    }

    /// Writes the model with the optimizer state and the training record; the file is replaced whole (written
    /// beside it, then renamed), so an interruption during the write leaves the previous checkpoint.
    public func saveCheckpoint(to path: String) throws {
        model.training = record
        // The step of a network being trained (a frozen network's optimizer stays at 0).
        let state = ModelFile.OptimizerState(step: optimizers.map(\.step).max()!, first: optimizers.map(\.firstMoments),
                                             second: optimizers.map(\.secondMoments))
        try ModelFile.write(ModelFile.encode(model, optimizer: state), to: path)
    }
}
