extension CoMIRInference {
    /// mean over k of turn^-k(network(turn^k(x))): equivariant to quarter turns by construction. With
    /// `batchStatistics` the network normalises with the turned batch's own statistics, as while training (the
    /// targets of `QuarterTurnDistillation`); otherwise with its running ones, as at inference.
    static func quarterTurnAverage(_ network: UNet<Float>, _ x: Tensor<Float>, batchStatistics: Bool = false) -> Tensor<Float> {
        var sum: Tensor<Float>?
        for turns in 0..<4 {
            let turned = QuarterTurn.rotate(x, turns: turns)
            let output = batchStatistics ? network.forward(turned, training: true) : network.infer(turned)
            let back = QuarterTurn.rotate(output, turns: -turns)
            if sum == nil { sum = back } else {
                for i in back.data.indices { sum!.data[i] += back.data[i] }
            }
        }
        for i in sum!.data.indices { sum!.data[i] *= 0.25 }
        return sum!
    }
}
