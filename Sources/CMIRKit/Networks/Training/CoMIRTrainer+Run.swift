import Foundation

extension CoMIRTrainer {
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
