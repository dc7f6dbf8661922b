import CMIRKit

/// What part of a slide the viewer shows: a centre and a zoom in level-0 pixels, kept inside the slide. Pure
/// maths over a view of `view.width` x `view.height` screen pixels (the viewer's image box).
public struct SlideViewport: Equatable, Sendable {
    public let slideWidth: Int
    public let slideHeight: Int
    /// Level-0 pixels per pixel of each pyramid level, level 0 (1) first.
    public let downsamples: [Double]
    public var centreX: Double
    public var centreY: Double
    /// Level-0 pixels per screen pixel: large is zoomed out.
    public var zoom: Double

    /// One `+` or `-` changes the zoom by this factor: two steps per pyramid level of the usual factor 2.
    public static let zoomStep = 2.0.squareRoot()
    /// The closest zoom: four screen pixels per level-0 pixel.
    public static let closestZoom = 0.25

    /// The whole slide fitted into the view.
    public init(slideWidth: Int, slideHeight: Int, downsamples: [Double], view: (width: Int, height: Int)) {
        self.slideWidth = slideWidth
        self.slideHeight = slideHeight
        self.downsamples = downsamples.isEmpty ? [1] : downsamples
        centreX = Double(slideWidth) / 2
        centreY = Double(slideHeight) / 2
        zoom = 1
        showOverview(view: view)
    }

    /// The zoom at which the whole slide just fits the view (never closer than `closestZoom`).
    public func fittingZoom(view: (width: Int, height: Int)) -> Double {
        let fit = max(Double(slideWidth) / Double(max(1, view.width)), Double(slideHeight) / Double(max(1, view.height)))
        return max(Self.closestZoom, fit)
    }

    /// The pyramid level read at this zoom.
    public var level: Int { Self.level(forZoom: zoom, downsamples: downsamples) }

    /// The coarsest level that still has at least one pixel per screen pixel at `zoom`; level 0 when zoomed in
    /// beyond it (the region is then enlarged by resampling).
    public static func level(forZoom zoom: Double, downsamples: [Double]) -> Int {
        downsamples.indices.last { downsamples[$0] <= zoom * 1.0001 } ?? 0
    }

    public mutating func showOverview(view: (width: Int, height: Int)) {
        zoom = fittingZoom(view: view)
        centreX = Double(slideWidth) / 2
        centreY = Double(slideHeight) / 2
    }

    /// Zooms in (+1) or out (-1) by one step, between the closest zoom and the overview: about the centre, or
    /// keeping the slide under `point` (view pixels from the view's top-left corner: the mouse pointer) where it is.
    public mutating func zoom(_ direction: Int, view: (width: Int, height: Int), about point: (x: Double, y: Double)? = nil) {
        let next = direction > 0 ? zoom / Self.zoomStep : zoom * Self.zoomStep
        let zoomed = min(max(Self.closestZoom, next), fittingZoom(view: view))
        if let point {
            centreX += (point.x - Double(view.width) / 2) * (zoom - zoomed)
            centreY += (point.y - Double(view.height) / 2) * (zoom - zoomed)
        }
        zoom = zoomed
        clampCentre(view: view)
    }

    /// Moves by a quarter of the view per step, stopping at the slide's edges.
    public mutating func pan(dx: Int, dy: Int, view: (width: Int, height: Int)) {
        centreX += Double(dx) * Double(view.width) * zoom / 4
        centreY += Double(dy) * Double(view.height) * zoom / 4
        clampCentre(view: view)
    }

    /// Centres on a level-0 point and zooms so that a `width` x `height` region takes about a third of the view.
    public mutating func focus(x: Double, y: Double, width: Double, height: Double, view: (width: Int, height: Int)) {
        let wanted = 3 * max(width / Double(max(1, view.width)), height / Double(max(1, view.height)))
        zoom = min(max(Self.closestZoom, wanted), fittingZoom(view: view))
        centreX = x
        centreY = y
        clampCentre(view: view)
    }

    /// Pans the least that brings `rect` (level-0 pixels) into view on each axis where it fits in the view (the
    /// crop tool's rectangle, moved by keys, stays in sight).
    public mutating func reveal(_ rect: PixelRect, view: (width: Int, height: Int)) {
        func follow(_ centre: Double, shown: Double, low: Int, length: Int) -> Double {
            guard Double(length) <= shown else { return centre }
            return min(max(centre, Double(low + length) - shown / 2), Double(low) + shown / 2)
        }
        centreX = follow(centreX, shown: Double(view.width) * zoom, low: rect.x, length: rect.width)
        centreY = follow(centreY, shown: Double(view.height) * zoom, low: rect.y, length: rect.height)
        clampCentre(view: view)
    }

    /// Keeps the view inside the slide on each axis; an axis the slide does not fill is centred.
    public mutating func clampCentre(view: (width: Int, height: Int)) {
        func clamp(_ centre: Double, shown: Double, side: Int) -> Double {
            let side = Double(side)
            return shown >= side ? side / 2 : min(max(centre, shown / 2), side - shown / 2)
        }
        centreX = clamp(centreX, shown: Double(view.width) * zoom, side: slideWidth)
        centreY = clamp(centreY, shown: Double(view.height) * zoom, side: slideHeight)
    }

    /// The level-0 region in view, clipped to the slide: what is read, and the minimap's rectangle.
    public func visibleRegion(view: (width: Int, height: Int)) -> PixelRect {
        let halfWidth = Double(view.width) * zoom / 2, halfHeight = Double(view.height) * zoom / 2
        let x0 = max(0, Int((centreX - halfWidth).rounded())), y0 = max(0, Int((centreY - halfHeight).rounded()))
        let x1 = min(slideWidth, Int((centreX + halfWidth).rounded())), y1 = min(slideHeight, Int((centreY + halfHeight).rounded()))
        return PixelRect(x: x0, y: y0, width: max(1, x1 - x0), height: max(1, y1 - y0))
    }

    /// The region of `level` to read for the visible region: its top-left corner in level pixels and its size,
    /// covering every level pixel the visible region touches.
    public static func levelRegion(of region: PixelRect, downsample: Double) -> PixelRect {
        let x0 = Int((Double(region.x) / downsample).rounded(.down)), y0 = Int((Double(region.y) / downsample).rounded(.down))
        let x1 = Int((Double(region.x + region.width) / downsample).rounded(.up))
        let y1 = Int((Double(region.y + region.height) / downsample).rounded(.up))
        return PixelRect(x: x0, y: y0, width: max(1, x1 - x0), height: max(1, y1 - y0))
    }
}
