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
    /// Files indexed as far as they decode (a JPEG cut short), with why, by path.
    public var damaged: [String: String] = [:]
    /// How each slide indexed in this run was read (its level, pixel size, tissue fraction), by path.
    public var slides: [String: SlideDetails] = [:]
    /// With `repair`: the files whose records were damaged, dropped and indexed again.
    public var repaired: [String] = []
    /// With `repair`: the settings, vocabulary or file structure were damaged, so the index was rebuilt whole.
    public var rebuiltForDamage = false
    /// Whether the index was rebuilt in a file beside it that then replaced it (settings or format changed).
    public var rebuiltBeside = false
    /// Whether this run (re)built the vocabulary.
    public var vocabularyBuilt = false
    public var vocabularySize = 0
}
