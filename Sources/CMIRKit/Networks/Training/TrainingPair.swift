/// Pixel-aligned image pairs for training, one image per modality, matched by file stem.
public struct TrainingPair: Sendable {
    public let name: String
    /// One image per modality, in the order of the folders given.
    public let images: [Image]
}
