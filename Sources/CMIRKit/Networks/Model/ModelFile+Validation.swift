import Foundation

extension ModelFile {
    /// The largest model file cmir reads (the shipped model is 4 MB, a checkpoint three times its model): a
    /// bigger file is refused from its size, before it is read.
    public static let maximumBytes = 1 << 30

    /// Checks every count, shape and setting a header declares against sane limits and against the value bytes
    /// the file holds, before any network or array is allocated from them.
    static func validate(_ header: Header, valueBytes: Int, name: String) throws {
        func damaged(_ what: String) -> CMIRError { .input("\(name): damaged model file (\(what))") }
        guard header.modalities.count == 2 else { throw CMIRError.input("\(name): a model needs exactly two modalities") }
        var values = 0, parameters = 0
        for entry in header.modalities {
            let a = entry.architecture
            guard (1...8).contains(a.levels), (1...256).contains(a.baseWidth), (1...16).contains(a.inputChannels),
                  (1...16).contains(a.outputChannels) else { throw damaged("impossible architecture for '\(entry.name)'") }
            guard entry.preprocessing.isSane(channels: a.inputChannels) else {
                throw damaged("impossible preprocessing for '\(entry.name)'")
            }
            guard Self.total(entry.tensors) == a.storedValueCount else {
                throw damaged("tensors do not match the architecture of '\(entry.name)'")
            }
            values += a.storedValueCount
            parameters += a.parameterCount
        }
        if let optimizer = header.optimizer {
            guard optimizer.step >= 0, Self.total(optimizer.tensors) == 2 * parameters else { throw damaged("optimizer state") }
            values += 2 * parameters
        }
        guard values * 4 <= valueBytes else {
            throw CMIRError.input("\(name): truncated model file (\(valueBytes) of \(values * 4) value bytes)")
        }
        guard values * 4 == valueBytes else { throw damaged("trailing bytes") }
        if let training = header.training, !training.settings.isSane {
            throw damaged("impossible training settings")
        }
    }

    /// The sum of the tensors' counts; nil when one is negative or the sum overflows (crafted counts).
    private static func total(_ tensors: [Header.TensorEntry]) -> Int? {
        var sum = 0
        for tensor in tensors {
            guard tensor.count >= 0 else { return nil }
            let (next, overflow) = sum.addingReportingOverflow(tensor.count)
            if overflow { return nil }
            sum = next
        }
        return sum
    }
}

extension ModalityPreprocessing {
    /// Finite statistics, a positive log gain and ordered quantiles in [0, 1], one value per input channel.
    func isSane(channels expected: Int) -> Bool {
        guard channels == expected, mean.count == channels, deviation.count == channels,
              mean.allSatisfy(\.isFinite), deviation.allSatisfy({ $0.isFinite && $0 >= 0 }) else { return false }
        if let logGain, !(logGain.isFinite && logGain > 0) { return false }
        if let q = stretchQuantiles, !(q.count == 2 && 0 <= q[0] && q[0] < q[1] && q[1] <= 1) { return false }
        return true
    }
}

extension TrainingSettings {
    /// Settings a resumed run can start from: sizes within reach of memory, rates finite, no zero divisors.
    var isSane: Bool {
        (0...10_000_000).contains(iterations) && (2...4096).contains(batch) && (8...8192).contains(crop)
            && (1...8).contains(levels) && (1...256).contains(baseWidth) && crop % (1 << (levels - 1)) == 0
            && learningRate.isFinite && learningRate > 0 && finalLearningRateFraction.isFinite
            && validationPairCount >= 0 && validationInterval >= 1
    }
}
