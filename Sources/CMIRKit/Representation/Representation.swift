/// Stage I of the pipeline: maps an image of one modality into the space where features are compared.
/// The raw representation is the baseline; CoMIR maps both modalities into a common space.
public protocol Representation: Sendable {
    /// Stable identity stored in an index, so a query can tell whether it is compatible
    /// (e.g. "raw", or "comir:<model hash>" for both networks of one model).
    var identifier: String { get }
    /// Human-readable description for status lines ("raw grayscale", "CoMIR bf-shg (shg network)").
    var summary: String { get }
    /// A one-channel float image of the same width and height as `image`.
    func represent(_ image: Image) throws -> Image
}

/// The baseline: the image's luminance, stretched per image so that its 1st and 99th percentiles map to 0 and 1.
/// Per-image normalisation removes exposure differences between acquisitions.
public struct RawRepresentation: Representation {
    public init() {}
    public var identifier: String { "raw" }
    public var summary: String { "raw grayscale" }

    public func represent(_ image: Image) throws -> Image {
        image.droppingAlpha().grayscale().percentileStretched(low: 0.01, high: 0.99)
    }
}

extension Image {
    /// Maps the `low` and `high` quantiles of all values to 0 and 1, clipping outside.
    /// A flat image becomes all zeros.
    public func percentileStretched(low: Double, high: Double) -> Image {
        let sorted = pixels.sorted()
        let lo = sorted[Int(Double(sorted.count - 1) * low)]
        let hi = sorted[Int(Double(sorted.count - 1) * high)]
        let range = hi - lo
        var out = self
        if range <= 1e-12 {
            out.pixels = [Float](repeating: 0, count: pixels.count)
        } else {
            for i in out.pixels.indices { out.pixels[i] = min(max((pixels[i] - lo) / range, 0), 1) }
        }
        return out
    }
}
