import CMIRKit
import Foundation

/// The crop tool: the part of the query in view, large, with the search rectangle drawn on it, and a panel of facts
/// and keys.
enum CropView {
    static func draw(_ state: BrowserState, into frame: inout Frame) {
        guard let crop = state.crop else { return }
        let layout = state.cropLayout
        let rect = crop.crop.rect
        let shown = crop.shown(view: layout.viewPixels)
        if state.display.mode == .none {
            drawSchematic(crop.crop, shown: shown, in: layout.imageBox, into: &frame.canvas)
        } else {
            // A rectangle wholly outside the view is left out (the renderer would pin it to the image's edge).
            let overlays: [ImageOverlay] = rect.intersects(shown) ? [.outline(rect, colour: .highlight)] : []
            frame.place(ImageRequest(path: crop.path, role: .query, crop: shown, overlays: overlays), in: layout.imageBox)
        }
        let area = crop.crop
        let percent = Int((100 * Double(rect.width * rect.height) / Double(area.imageWidth * area.imageHeight)).rounded())
        var lines: [(String, CellStyle)] = [
            ("Query", Styles.heading), (crop.path.fileName, .plain), ("\(area.imageWidth) × \(area.imageHeight) px", Styles.dim), ("", .plain),
            ("Region", Styles.heading), ("x \(rect.x), y \(rect.y)", .plain), ("\(rect.width) × \(rect.height) px", .plain),
            (crop.crop.coversWholeImage ? "the whole image" : "\(percent) % of the image", Styles.dim), ("", .plain),
            ("View", Styles.heading), (String(format: "zoom %.3g×", 1 / crop.viewport.zoom), .plain),
            (shown == PixelRect(x: 0, y: 0, width: area.imageWidth, height: area.imageHeight)
                ? "the whole image" : "view \(shown.x),\(shown.y) \(shown.width)×\(shown.height)", Styles.dim), ("", .plain),
            ("re-ranking \(crop.rerank ? "on" : "off")", crop.rerank ? Styles.good : Styles.dim), ("", .plain),
        ]
        if let running = state.search {
            lines.append(("searching…", Styles.warning))
            if let progress = running.progress { lines.append((progress.line(barWidth: 10), .plain)) }
            lines.append(("Esc cancels", Styles.dim))
        } else if crop.movingView {
            lines += [("keys move the view", Styles.warning), ("+ -    zoom", .plain), ("arrows pan · o whole", .plain),
                      ("v Esc  back to the rectangle", .plain), ("Enter  search", .plain)]
        } else {
            lines += [("Enter  search", .plain), ("s      save as PNG query", .plain), ("arrows move · ⇧arrows size", .plain),
                      ("+ -    scale · 0 all", .plain), ("v      zoom and pan", .plain), ("mouse  drag a rectangle", .plain)]
        }
        for (i, line) in lines.prefix(layout.panel.rows).enumerated() {
            frame.canvas.put(Canvas.truncated(line.0, toWidth: layout.panel.columns), column: layout.panel.column,
                             row: layout.panel.row + i, style: line.1)
        }
    }

    /// Without graphics: the `shown` part of the image (the view, zoomed and panned as with pictures) as a frame of
    /// cells and the part of the rectangle inside it as a frame within, to scale (a cell is twice as tall as wide).
    static func drawSchematic(_ crop: CropRectangle, shown: PixelRect, in box: CellRect, into canvas: inout Canvas) {
        let scale = min(Double(box.columns) / Double(shown.width), Double(box.rows * 2) / Double(shown.height))
        func cells(_ length: Int, vertical: Bool = false) -> Int { Int(Double(length) * scale / (vertical ? 2 : 1)) }
        canvas.frame(CellRect(column: box.column, row: box.row, columns: max(2, cells(shown.width)),
                              rows: max(2, cells(shown.height, vertical: true))), style: Styles.dim)
        let r = crop.rect
        let x0 = max(r.x, shown.x), y0 = max(r.y, shown.y)
        let x1 = min(r.x + r.width, shown.x + shown.width), y1 = min(r.y + r.height, shown.y + shown.height)
        guard x1 > x0, y1 > y0 else { return }
        canvas.frame(CellRect(column: box.column + cells(x0 - shown.x), row: box.row + cells(y0 - shown.y, vertical: true),
                              columns: max(2, cells(x1 - x0)), rows: max(2, cells(y1 - y0, vertical: true))), style: Styles.warning)
    }
}
