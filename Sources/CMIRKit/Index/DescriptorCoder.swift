/// How an index codes descriptors (IVFADC, Jégou, Douze & Schmid 2011): a descriptor is its visual word's centroid
/// plus a residual, and the residual is product-quantised. The word is stored anyway, so the code only spends its
/// bytes on what the word leaves unsaid: 16 bytes where the descriptor had 128 values. Trained with the
/// vocabulary and frozen with it, so that every shard of an archive codes alike.
struct DescriptorCoder: Sendable, Equatable {
    /// Bytes per descriptor: parts of the residual, each coded by one of 256 centroids. 32 parts were no more
    /// accurate on the development sets for twice the bytes (docs/decisions.md, "Compact descriptor codes").
    static let defaultSubspaces = 16

    let vocabulary: Vocabulary
    let quantizer: ProductQuantizer

    var bytesPerRow: Int { quantizer.subspaces }

    /// Learns the residual codebooks on `data`, descriptors of the repository (the vocabulary's training sample).
    static func train(_ data: DescriptorMatrix, vocabulary: Vocabulary, subspaces: Int = defaultSubspaces, seed: UInt64) -> DescriptorCoder {
        let residuals = residuals(data, words: vocabulary.quantize(data), vocabulary: vocabulary)
        return DescriptorCoder(vocabulary: vocabulary, quantizer: ProductQuantizer.train(residuals, subspaces: subspaces, seed: seed))
    }

    /// The codes of `descriptors`, whose nearest words are `words`.
    func encode(_ descriptors: DescriptorMatrix, words: [UInt32]) -> DescriptorCodes {
        DescriptorCodes(bytesPerRow: bytesPerRow,
                        bytes: quantizer.encode(Self.residuals(descriptors, words: words, vocabulary: vocabulary)))
    }

    /// The descriptors the codes stand for (word centroid plus decoded residual); a word beyond the vocabulary
    /// throws `.input` (only a damaged index holds one).
    func decode(_ codes: DescriptorCodes, words: [VisualWord]) throws -> DescriptorMatrix {
        guard codes.rows == words.count, codes.bytesPerRow == bytesPerRow else {
            throw CMIRError.input("the index's descriptor codes do not match its words")
        }
        let d = vocabulary.dimension
        var values = [Float](repeating: 0, count: words.count * d)
        try values.withUnsafeMutableBufferPointer { out in
            try codes.bytes.withUnsafeBufferPointer { bytes in
                for (row, word) in words.enumerated() {
                    guard Int(word.word) < vocabulary.size else { throw CMIRError.input("a stored word lies beyond the vocabulary") }
                    let target = out.baseAddress! + row * d
                    for j in 0..<d { target[j] = vocabulary.centroids.values[Int(word.word) * d + j] }
                    quantizer.addDecoded(UnsafeBufferPointer(rebasing: bytes[(row * bytesPerRow)..<((row + 1) * bytesPerRow)]), to: target)
                }
            }
        }
        return DescriptorMatrix(rows: words.count, columns: d, values: values)
    }

    /// Each descriptor less its word's centroid.
    private static func residuals(_ descriptors: DescriptorMatrix, words: [UInt32], vocabulary: Vocabulary) -> DescriptorMatrix {
        let d = descriptors.columns
        var values = descriptors.values
        for (row, word) in words.enumerated() {
            for j in 0..<d { values[row * d + j] -= vocabulary.centroids.values[Int(word) * d + j] }
        }
        return DescriptorMatrix(rows: descriptors.rows, columns: d, values: values)
    }
}
