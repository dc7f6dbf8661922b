import CMIRKit
import Foundation

/// The slide viewer: the part in view (read at the level its zoom needs) with the match's outline, the scale bar
/// under it, and the minimap with the view outlined above the slide's facts.
enum ViewerView {
    static func draw(_ state: BrowserState, into frame: inout Frame) {
        guard let viewer = state.viewer else { return }
        let layout = state.viewerLayout
        let view = layout.viewPixels
        let viewport = viewer.viewport
        let visible = viewport.visibleRegion(view: view)
        var overlays: [ImageOverlay] = []
        if let match = viewer.match, let region = match.region, intersects(region, visible),
           let outline = ImageOverlay.placeOutline(of: match) {
            overlays.append(outline)
        }
        frame.place(ImageRequest(path: viewer.slide.path, role: .repository, overlays: overlays,
                                 slide: SlideView(region: visible, level: viewport.level)), in: layout.imageBox)
        frame.place(ImageRequest(path: viewer.slide.path, role: .repository, overlays: [.outline(visible, colour: .highlight)],
                                 slide: .whole(width: viewer.slide.width, height: viewer.slide.height)), in: layout.minimapBox)
        drawScaleBar(viewer, layout: layout, into: &frame.canvas)
        for (i, line) in facts(viewer, visible: visible).prefix(layout.facts.rows).enumerated() {
            frame.canvas.put(Canvas.truncated(line.0, toWidth: layout.facts.columns), column: layout.facts.column,
                             row: layout.facts.row + i, style: line.1)
        }
    }

    /// "━━━━━━ 200 µm" under the image's left edge, about a quarter of its width; nothing without a pixel size.
    static func drawScaleBar(_ viewer: ViewerState, layout: ViewerLayout, into canvas: inout Canvas) {
        guard let micronsPerPixel = viewer.slide.micronsPerPixel,
              let bar = ScaleBar.choose(micronsPerCell: micronsPerPixel * viewer.viewport.zoom * Double(layout.display.cellWidth),
                                        maximumCells: max(1, layout.imageBox.columns / 4)) else { return }
        canvas.put(String(repeating: "━", count: bar.cells) + " " + bar.label, column: layout.imageBox.column, row: layout.scaleRow,
                   style: Styles.heading)
    }

    static func facts(_ viewer: ViewerState, visible: PixelRect) -> [(String, CellStyle)] {
        let slide = viewer.slide, viewport = viewer.viewport
        var lines: [(String, CellStyle)] = [(slide.name, Styles.heading), ("\(slide.width) × \(slide.height) px", .plain)]
        lines.append((slide.micronsPerPixel.map { String(format: "%.3g µm/px", $0) } ?? "pixel size unknown", Styles.dim))
        let level = viewport.level
        lines.append((String(format: "level %d of %d (÷%.4g)", level, slide.downsamples.count, slide.downsamples[level]), .plain))
        lines.append((String(format: "zoom %.3g×", 1 / viewport.zoom), .plain))
        lines.append(("view \(visible.x),\(visible.y) \(visible.width)×\(visible.height)", Styles.dim))
        if let match = viewer.match {
            lines.append(("", .plain))
            lines.append(("result #\(match.rank)", Styles.heading))
            if let place = match.place { lines.append(("place \(place.x),\(place.y) \(place.width)×\(place.height)", Styles.dim)) }
            lines.append((match.region == nil ? "not placed" : match.verified ? "verified region" : "unverified region",
                          match.verified ? Styles.good : Styles.dim))
        }
        return lines
    }

    /// Whether the rotated region's bounding box reaches into the visible region (an outline outside it is left out,
    /// or the renderer would pin it to the image's edge).
    static func intersects(_ region: MatchRegion, _ visible: PixelRect) -> Bool {
        let radius = (region.width * region.width + region.height * region.height).squareRoot() / 2
        let cx = region.x + region.width / 2, cy = region.y + region.height / 2
        return cx + radius > Double(visible.x) && cx - radius < Double(visible.x + visible.width)
            && cy + radius > Double(visible.y) && cy - radius < Double(visible.y + visible.height)
    }
}
