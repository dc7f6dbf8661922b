extension CoMIRTrainer {
    /// The modalities whose networks this run trains: both, or one alone in a `NetworkDistillation` (the student's)
    /// or `FineTuning` run (the tuned one's).
    var trainedModalities: [Int] {
        guard let name = record.settings.networkDistillation?.modality ?? record.settings.fineTuning?.modality else { return [0, 1] }
        return [model.modalities.firstIndex { $0.name == name }!]
    }

    /// One step of a `NetworkDistillation` run: the student's output for its turned crops, turned back, pulled
    /// towards the teacher's inference on the same crops unturned. Returns the batch loss.
    func networkDistillationStep(_ term: NetworkDistillation) -> Double {
        let settings = record.settings
        var random = Self.random(for: record.iterationsDone, seed: settings.seed)
        let batch = Self.batch(from: trainInputs, size: settings.batch, crop: settings.crop,
                               jitter: settings.intensityJitter ?? 0, random: &random)
        let m = trainedModalities[0]
        let unturn = batch.turns[m].map { -$0 }
        let target = teachers![m].infer(QuarterTurn.rotate(batch.inputs[m], turns: unturn))
        let student = model.modalities[m].network
        student.zeroGradients()
        let output = QuarterTurn.rotate(student.forward(batch.inputs[m], training: true), turns: unturn)
        let evaluation = term.evaluate(output, target: target)
        student.backward(QuarterTurn.rotate(evaluation.gradient, turns: batch.turns[m]))
        optimizers[m].update(student.parameters, learningRate: settings.learningRate(at: record.iterationsDone),
                             clipNorm: settings.gradientClip)
        record.iterationsDone += 1
        return evaluation.loss
    }
}
