extension CoMIRTrainer {
    /// One optimisation step; returns the batch loss.
    @discardableResult
    public func step() -> Double {
        let settings = record.settings
        if let term = settings.networkDistillation { return networkDistillationStep(term) }
        if settings.fineTuning != nil { return fineTuningStep() }
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
}
