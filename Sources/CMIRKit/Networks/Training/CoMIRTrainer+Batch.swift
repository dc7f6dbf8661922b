import Foundation

extension CoMIRTrainer {
    /// Crops of both modalities with the quarter turns applied to each network's input. The last `twins` images of
    /// each modality are its first `twins` crops again, under other turns (for `EquivarianceConsistency`).
    struct Batch {
        var inputs: [Tensor<Float>]
        var turns: [[Int]]
        var twins = 0
        /// Images that are distinct crops, the ones the contrastive loss compares.
        var crops: Int { turns[0].count - twins }
    }

    static func random(for iteration: Int, seed: UInt64) -> SeededRandom {
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

    static func validationBatch(_ sources: [[Image]], settings: TrainingSettings) -> Batch? {
        guard !sources.isEmpty else { return nil }
        var random = SeededRandom(seed: settings.seed &+ 0x5EED)
        return batch(from: sources, size: settings.batch, crop: settings.crop, random: &random)
    }

    /// The representations of a batch, turned back to the crops' orientation.
    func represent(_ batch: Batch, training: Bool) -> [Tensor<Float>] {
        (0..<2).map { m in
            let output = model.modalities[m].network.forward(batch.inputs[m], training: training)
            return QuarterTurn.rotate(output, turns: batch.turns[m].map { -$0 })
        }
    }
}
