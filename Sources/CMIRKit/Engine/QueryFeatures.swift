/// A query after representation, feature extraction and quantization: what the search scores, and what
/// the UI draws over the query image.
public struct QueryFeatures: Sendable {
    /// Words in the coordinates of the whole query image (a region's offset already added).
    public let words: [VisualWord]
    /// The descriptors the words were quantized from, one row per word (re-rankers match them against the
    /// stored descriptors or build their own vocabulary from them).
    public let descriptors: DescriptorMatrix
    /// Per word, its `nearestWords[r].count` nearest visual words, nearest first (the first is `words[r].word`):
    /// the words the votes probe, reused by re-rankers that pair a feature with more than its nearest word.
    public let nearestWords: [[UInt32]]
    /// The region of the query image that was searched, or nil for the whole image.
    public let region: PixelRect?
    /// Size of the query image (the whole image, not the region).
    public let imageWidth: Int
    public let imageHeight: Int
    /// The searched part's representation (one channel), what the dense stage turns into templates; nil leaves
    /// that stage out.
    public var representation: Image? = nil

    /// The searched part of the query image: its centre and size in query pixels (pixel centres at whole
    /// coordinates, so the centre of a 0..<w span is (w - 1) / 2).
    public var footprint: (centreX: Double, centreY: Double, width: Double, height: Double) {
        if let region {
            let x0 = Double(max(0, region.x)), y0 = Double(max(0, region.y))
            let x1 = Double(min(imageWidth, region.x + region.width)), y1 = Double(min(imageHeight, region.y + region.height))
            return ((x0 + x1 - 1) / 2, (y0 + y1 - 1) / 2, x1 - x0, y1 - y0)
        }
        return (Double(imageWidth - 1) / 2, Double(imageHeight - 1) / 2, Double(imageWidth), Double(imageHeight))
    }
}
