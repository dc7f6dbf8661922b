/// What a network sees beyond the edges of the image it represents.
public enum ImageEdges: Sendable {
    /// The image ends there (a repository image, or a slide region read with its own margin of context): the
    /// network pads with zeros, as in training.
    case closed
    /// The image is cut from a larger scene (a query image or region): it is mirrored outward by the network's
    /// receptive radius, so that its edge pixels are represented as inside tissue, as they were in the repository
    /// it was cut from. Why: docs/decisions.md, "Mirrored context for queries".
    case mirrored
}
