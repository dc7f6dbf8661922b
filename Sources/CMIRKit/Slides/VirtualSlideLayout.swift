/// One virtual tissue-microarray slide as planned: its level-0 size and where each core lies on it.
public struct VirtualSlideLayout: Sendable, Equatable {
    /// The slide's file stem.
    public let name: String
    public let width: Int
    public let height: Int
    /// Grid shape and pitch (core side plus gap) the cores were placed on.
    public let columns: Int
    public let rows: Int
    public let pitch: Int
    public let placements: [CorePlacement]

    public init(name: String, width: Int, height: Int, columns: Int, rows: Int, pitch: Int, placements: [CorePlacement]) {
        self.name = name; self.width = width; self.height = height
        self.columns = columns; self.rows = rows; self.pitch = pitch; self.placements = placements
    }

    /// Levels of the pyramid: halve until the larger side is at most 2,048 px, and at least two levels.
    public var levelCount: Int {
        var count = 1, side = max(width, height)
        while side > 2048 || count < 2 {
            side /= 2
            count += 1
        }
        return count
    }
}
