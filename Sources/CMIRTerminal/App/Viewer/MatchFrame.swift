import CMIRKit
import Foundation

/// A place on a slide seen in the query's own pixels: the similarity that takes the searched part of the query onto
/// its matched region (level-0 pixels), as the re-ranker placed it. The side-by-side inspection resamples the slide
/// through it, so the region stands upright at the query's scale beside the query, and the slide's words map with it.
/// Points follow the engine's convention (pixel centres at whole coordinates), so words land where they were found.
public struct MatchFrame: Hashable, Sendable {
    /// The searched part of the query, in query pixels.
    public let searched: PixelRect
    /// Where the centre of the searched part lies on the slide, in level-0 pixels.
    public let centreX: Double, centreY: Double
    /// Level-0 pixels per query pixel.
    public let scale: Double
    /// The query's turn on the slide: degrees counter-clockwise as displayed (the region's angle).
    public let angle: Double

    /// Context shown around the searched part on each side, as a share of its size: what lies beside the match.
    public static let margin = 0.25

    public init(searched: PixelRect, region: MatchRegion) {
        self.searched = searched
        centreX = region.x + region.width / 2
        centreY = region.y + region.height / 2
        scale = region.width / Double(max(1, searched.width))
        angle = region.angle
    }

    /// The searched part's centre in query pixels (as the engine's footprint has it).
    private var queryCentre: (x: Double, y: Double) {
        (Double(searched.x) + Double(searched.width - 1) / 2, Double(searched.y) + Double(searched.height - 1) / 2)
    }

    private var turn: (cos: Double, sin: Double) {
        let radians = angle * .pi / 180
        return (cos(radians), sin(radians))
    }

    /// Where a query pixel lies on the slide (level-0 pixels).
    public func slidePoint(x: Double, y: Double) -> (x: Double, y: Double) {
        let (c, s) = turn, dx = (x - queryCentre.x) * scale, dy = (y - queryCentre.y) * scale
        return (centreX + dx * c + dy * s, centreY - dx * s + dy * c)
    }

    /// Where a slide point (level-0 pixels) lies in the query's pixels: the inverse of `slidePoint`.
    public func queryPoint(x: Double, y: Double) -> (x: Double, y: Double) {
        let (c, s) = turn, dx = (x - centreX) / scale, dy = (y - centreY) / scale
        return (queryCentre.x + dx * c - dy * s, queryCentre.y + dx * s + dy * c)
    }

    /// What both panels show, in query pixels: the searched part with `margin` of its size around it.
    public var shown: PixelRect {
        let mx = Int((Double(searched.width) * Self.margin).rounded()), my = Int((Double(searched.height) * Self.margin).rounded())
        return PixelRect(x: searched.x - mx, y: searched.y - my, width: searched.width + 2 * mx, height: searched.height + 2 * my)
    }

    /// Whether a slide point (level-0 pixels) falls in the part shown.
    public func shows(x: Double, y: Double) -> Bool {
        let p = queryPoint(x: x, y: y), rect = shown
        return p.x >= Double(rect.x) && p.y >= Double(rect.y) && p.x < Double(rect.x + rect.width) && p.y < Double(rect.y + rect.height)
    }

    /// The level-0 pixels a rectangle of query pixels covers on the slide, turned: its bounding box (what is read).
    public func slideBounds(of rect: PixelRect) -> PixelRect {
        let x0 = Double(rect.x), y0 = Double(rect.y), x1 = Double(rect.x + rect.width), y1 = Double(rect.y + rect.height)
        let corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)].map { slidePoint(x: $0.0, y: $0.1) }
        let xs = corners.map { $0.x }, ys = corners.map { $0.y }
        let left = Int(xs.min()!.rounded(.down)), top = Int(ys.min()!.rounded(.down))
        let right = Int(xs.max()!.rounded(.up)), bottom = Int(ys.max()!.rounded(.up))
        return PixelRect(x: left, y: top, width: max(1, right - left), height: max(1, bottom - top))
    }
}
