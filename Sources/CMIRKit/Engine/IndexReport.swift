/// What `Engine.buildIndex` did with every file of the folder.
public struct IndexReport: Sendable {
    public struct Failure: Sendable, Equatable {
        public let path: String
        public let reason: String
    }
    /// Images that were (re-)indexed in this run.
    public var indexed: [String] = []
    /// Images already in the index with the same content hash: left untouched.
    public var unchanged: [String] = []
    /// Images dropped from the index because their file is gone.
    public var removed: [String] = []
    /// Files that could not be indexed, with the reason; never fatal for the rest.
    public var failed: [Failure] = []
    /// How each slide indexed in this run was read (its level, pixel size, tissue fraction), by path.
    public var slides: [String: SlideDetails] = [:]
    /// Whether this run (re)built the vocabulary.
    public var vocabularyBuilt = false
    public var vocabularySize = 0
}
