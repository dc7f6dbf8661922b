/// What an index holds, for status lines and `cmir` output.
public struct IndexSummary: Sendable, Equatable {
    /// Files indexed, slides included.
    public let imageCount: Int
    /// How many of them are whole slides.
    public let slideCount: Int
    /// What the repository images were mapped into before their features were taken.
    public let representation: RepresentationSpec
    public let settings: IndexSettings
    /// Actual number of visual words (may be below the requested size on tiny repositories).
    public let vocabularySize: Int
}
