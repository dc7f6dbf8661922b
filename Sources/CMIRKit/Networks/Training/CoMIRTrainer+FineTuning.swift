extension CoMIRTrainer {
    /// One step of a `FineTuning` run: the tuned network's output for its turned crops, turned back, against the
    /// frozen network's inference on the same crops unturned, with the contrastive loss. Returns the batch loss.
    func fineTuningStep() -> Double {
        let settings = record.settings
        var random = Self.random(for: record.iterationsDone, seed: settings.seed)
        let batch = Self.batch(from: trainInputs, size: settings.batch, crop: settings.crop,
                               jitter: settings.intensityJitter ?? 0, random: &random)
        let tuned = trainedModalities[0], frozen = 1 - tuned
        let frozenOutput = model.modalities[frozen].network.infer(QuarterTurn.rotate(batch.inputs[frozen], turns: batch.turns[frozen].map { -$0 }))
        let network = model.modalities[tuned].network
        network.zeroGradients()
        let unturn = batch.turns[tuned].map { -$0 }
        let tunedOutput = QuarterTurn.rotate(network.forward(batch.inputs[tuned], training: true), turns: unturn)
        let evaluation = tuned == 0 ? settings.loss.evaluate(tunedOutput, frozenOutput) : settings.loss.evaluate(frozenOutput, tunedOutput)
        network.backward(QuarterTurn.rotate(tuned == 0 ? evaluation.gradientA : evaluation.gradientB, turns: batch.turns[tuned]))
        optimizers[tuned].update(network.parameters, learningRate: settings.learningRate(at: record.iterationsDone),
                                 clipNorm: settings.gradientClip)
        record.iterationsDone += 1
        return evaluation.total
    }
}
