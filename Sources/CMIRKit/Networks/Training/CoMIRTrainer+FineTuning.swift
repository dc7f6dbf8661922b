extension CoMIRTrainer {
    /// One step of a `FineTuning` run: the tuned network's output for its turned crops, turned back, against the
    /// frozen network's inference on the same crops unturned, with the contrastive loss. Returns the batch loss.
    func fineTuningStep() -> Double {
        let settings = record.settings
        var random = Self.random(for: record.iterationsDone, seed: settings.seed)
        let batch = Self.batch(from: trainInputs, size: settings.batch, crop: settings.crop,
                               jitter: settings.intensityJitter ?? 0, random: &random)
        let tuned = trainedModalities[0], frozen = 1 - tuned
        let unturn = batch.turns.map { $0.map { -$0 } }
        let frozenOutput = model.modalities[frozen].network.infer(QuarterTurn.rotate(batch.inputs[frozen], turns: unturn[frozen]))
        let network = model.modalities[tuned].network
        network.zeroGradients()
        let tunedOutput = QuarterTurn.rotate(network.forward(batch.inputs[tuned], training: true), turns: unturn[tuned])
        // The loss takes the modalities in the model's order.
        let outputs = tuned == 0 ? [tunedOutput, frozenOutput] : [frozenOutput, tunedOutput]
        let evaluation = settings.loss.evaluate(outputs[0], outputs[1])
        network.backward(QuarterTurn.rotate([evaluation.gradientA, evaluation.gradientB][tuned], turns: batch.turns[tuned]))
        optimizers[tuned].update(network.parameters, learningRate: settings.learningRate(at: record.iterationsDone),
                                 clipNorm: settings.gradientClip)
        record.iterationsDone += 1
        return evaluation.total
    }
}
