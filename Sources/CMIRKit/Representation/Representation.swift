/// Stage I of the pipeline: maps an image of one modality into the space where features are compared.
/// The raw representation is the baseline; CoMIR maps both modalities into a common space.
public protocol Representation: Sendable {
    /// What an index built with it records, and what a query's representation is checked against.
    var spec: RepresentationSpec { get }
    /// A one-channel float image of the same width and height as `image`, the network seeing `edges` beyond it.
    func represent(_ image: Image, edges: ImageEdges) throws -> Image
    /// How far beyond a pixel its representation looks (0 for pixel-wise representations): the context a region
    /// of a larger image is represented with.
    var contextRadius: Int { get }
}

extension Representation {
    /// The representation of an image that ends at its edges (a repository image).
    public func represent(_ image: Image) throws -> Image { try represent(image, edges: .closed) }

    /// Human-readable description for status lines ("raw grayscale", "CoMIR bf-shg (shg network)").
    public var summary: String { spec.summary }
}

/// The baseline: the image's luminance, stretched per image so that its 1st and 99th percentiles map to 0 and 1.
/// Per-image normalisation removes exposure differences between acquisitions.
public struct RawRepresentation: Representation {
    public init() {}
    public var spec: RepresentationSpec { .raw }
    public var contextRadius: Int { 0 }

    /// Pixel-wise, so what lies beyond the edges does not matter.
    public func represent(_ image: Image, edges: ImageEdges) throws -> Image {
        image.droppingAlpha().grayscale().percentileStretched(low: 0.01, high: 0.99)
    }
}
