/// What an index holds, for status lines and `cmir` output.
public struct IndexSummary: Sendable, Equatable {
    public let imageCount: Int
    /// What the repository images were mapped into before their features were taken.
    public let representation: RepresentationSpec
    public let settings: IndexSettings
    /// Actual number of visual words (may be below the requested size on tiny repositories).
    public let vocabularySize: Int
}
