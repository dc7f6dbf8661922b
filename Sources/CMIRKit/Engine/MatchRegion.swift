/// The region of a repository image where a query was found (filled by re-ranking).
public struct MatchRegion: Sendable, Equatable, Codable {
    /// Top-left corner, size and rotation (degrees, counter-clockwise as displayed) of the query's
    /// footprint in the repository image (level-0 pixels of a slide).
    public var x: Double, y: Double, width: Double, height: Double, angle: Double
    public init(x: Double, y: Double, width: Double, height: Double, angle: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height; self.angle = angle
    }
}
