import Foundation

/// The region of a repository image where a query was found (filled by re-ranking).
public struct MatchRegion: Sendable, Equatable, Codable {
    /// Top-left corner, size and rotation (degrees, counter-clockwise as displayed) of the query's
    /// footprint in the repository image (level-0 pixels of a slide).
    public var x: Double, y: Double, width: Double, height: Double, angle: Double
    public init(x: Double, y: Double, width: Double, height: Double, angle: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height; self.angle = angle
    }

    /// The footprint's corners, turned by `angle` (counter-clockwise as displayed, y down) about its centre: the
    /// unturned top-left, top-right, bottom-right and bottom-left in that order.
    public var corners: [(x: Double, y: Double)] {
        let cx = x + width / 2, cy = y + height / 2
        let radians = angle * .pi / 180
        let c = cos(radians), s = sin(radians)
        return [(-1.0, -1.0), (1, -1), (1, 1), (-1, 1)].map { ox, oy in
            let dx = ox * width / 2, dy = oy * height / 2
            return (cx + c * dx + s * dy, cy - s * dx + c * dy)
        }
    }

    /// The smallest upright rectangle holding the turned footprint: its top-left corner and size.
    public var bounds: (x: Double, y: Double, width: Double, height: Double) {
        let xs = corners.map(\.x), ys = corners.map(\.y)
        return (xs.min()!, ys.min()!, xs.max()! - xs.min()!, ys.max()! - ys.min()!)
    }
}
