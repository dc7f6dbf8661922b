/// Features as the index stores them: each one's visual word (with its position, scale and angle) and the
/// product-quantiser code of its descriptor. A slide is coded box by box, so that only this compact form of a
/// large slide's features is ever held whole (about 40 bytes a feature instead of over 500).
struct CodedFeatures: Sendable {
    let words: [VisualWord]
    let codes: DescriptorCodes

    init(_ features: [Feature], coder: DescriptorCoder) {
        let descriptors = DescriptorMatrix(features: features, columns: coder.vocabulary.dimension)
        let ids = features.isEmpty ? [] : coder.vocabulary.quantize(descriptors)
        words = zip(features, ids).map { f, w in VisualWord(word: w, x: f.x, y: f.y, scale: f.scale, angle: f.angle) }
        codes = coder.encode(descriptors, words: ids)
    }

    /// `parts` one after the other.
    init(joining parts: [CodedFeatures], bytesPerRow: Int) {
        words = parts.flatMap(\.words)
        codes = DescriptorCodes(bytesPerRow: bytesPerRow, bytes: parts.flatMap(\.codes.bytes))
    }
}
