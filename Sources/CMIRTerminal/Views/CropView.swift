import CMIRKit

/// The crop tool: the query large with the search rectangle drawn on it, and a panel of facts and keys.
enum CropView {
    static func draw(_ state: BrowserState, into frame: inout Frame) {
        guard let crop = state.crop else { return }
        let layout = state.cropLayout
        let rect = crop.crop.rect
        if state.display.mode == .none {
            drawSchematic(crop.crop, in: layout.imageBox, into: &frame.canvas)
        } else {
            frame.place(ImageRequest(path: crop.path, role: .query, overlays: [.outline(rect, colour: .highlight)]),
                        in: layout.imageBox)
        }
        let area = crop.crop
        let percent = Int((100 * Double(rect.width * rect.height) / Double(area.imageWidth * area.imageHeight)).rounded())
        var lines: [(String, CellStyle)] = [
            ("Query", Styles.heading), (crop.path.fileName, .plain), ("\(area.imageWidth) × \(area.imageHeight) px", Styles.dim), ("", .plain),
            ("Region", Styles.heading), ("x \(rect.x), y \(rect.y)", .plain), ("\(rect.width) × \(rect.height) px", .plain),
            (crop.crop.coversWholeImage ? "the whole image" : "\(percent) % of the image", Styles.dim), ("", .plain),
            ("re-ranking \(crop.rerank ? "on" : "off")", crop.rerank ? Styles.good : Styles.dim), ("", .plain),
        ]
        if let running = state.search {
            lines.append(("searching…", Styles.warning))
            if let progress = running.progress { lines.append((progress.line(barWidth: 10), .plain)) }
            lines.append(("Esc cancels", Styles.dim))
        } else {
            lines += [("Enter  search", .plain), ("s      save as PNG query", .plain), ("arrows move · ⇧arrows size", .plain),
                      ("+ -    scale · 0 all", .plain), ("mouse  drag a rectangle", .plain)]
        }
        for (i, line) in lines.prefix(layout.panel.rows).enumerated() {
            frame.canvas.put(Canvas.truncated(line.0, toWidth: layout.panel.columns), column: layout.panel.column,
                             row: layout.panel.row + i, style: line.1)
        }
    }

    /// Without graphics: the image as a frame of cells and the rectangle as a frame inside it, to scale.
    static func drawSchematic(_ crop: CropRectangle, in box: CellRect, into canvas: inout Canvas) {
        let scale = min(Double(box.columns) / Double(crop.imageWidth), Double(box.rows * 2) / Double(crop.imageHeight))
        let outer = CellRect(column: box.column, row: box.row, columns: max(2, Int(Double(crop.imageWidth) * scale)),
                             rows: max(2, Int(Double(crop.imageHeight) * scale / 2)))
        canvas.frame(outer, style: Styles.dim)
        let r = crop.rect
        let inner = CellRect(column: box.column + Int(Double(r.x) * scale), row: box.row + Int(Double(r.y) * scale / 2),
                             columns: max(2, Int(Double(r.width) * scale)), rows: max(2, Int(Double(r.height) * scale / 2)))
        canvas.frame(inner, style: Styles.warning)
    }
}
