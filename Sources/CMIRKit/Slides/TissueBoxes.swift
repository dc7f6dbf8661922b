/// The parts of a slide that are read: a box around each piece of tissue, padded a little for the mask's
/// coarseness; pieces larger than a tile are cut into equal boxes of at most a tile, and boxes are joined when the
/// joined box fits a tile and reading it (each box is read with a margin on every side) costs no more pixels than
/// reading them apart. A TMA core smaller than a tile is thus read whole, in one box, and the glass between cores
/// is not read. Boxes may overlap; `SlideTiling` keeps a feature only from the first box that holds it.
enum TissueBoxes {
    /// Boxes in pixels of a level `width` x `height` whose pixels are `scale` level-0 pixels, row by row; pieces of
    /// tissue smaller than `minimumArea` level-0 pixels are left out.
    static func boxes(mask: TissueMask, width: Int, height: Int, scale: Double, tile: Int, margin: Int, pad: Int,
                      minimumArea: Double) -> [PixelRect] {
        let padded = mask.pieces().filter { $0.area >= minimumArea }.map { piece in
            let box = piece.box
            let left = max(0, Int((Double(box.x) / scale).rounded(.down)) - pad)
            let top = max(0, Int((Double(box.y) / scale).rounded(.down)) - pad)
            let right = min(width, Int((Double(box.x + box.width) / scale).rounded(.up)) + pad)
            let bottom = min(height, Int((Double(box.y + box.height) / scale).rounded(.up)) + pad)
            return PixelRect(x: left, y: top, width: right - left, height: bottom - top)
        }
        var boxes = padded.flatMap { split($0, tile: tile) }
        func cost(_ r: PixelRect) -> Int { (r.width + 2 * margin) * (r.height + 2 * margin) }
        var joined = true
        while joined {
            joined = false
            var i = 0
            while i < boxes.count {
                var j = i + 1
                while j < boxes.count {
                    let union = boxes[i].union(boxes[j])
                    if union.width <= tile, union.height <= tile, cost(union) <= cost(boxes[i]) + cost(boxes[j]) {
                        boxes[i] = union
                        boxes.remove(at: j)
                        joined = true
                    } else {
                        j += 1
                    }
                }
                i += 1
            }
        }
        return boxes.sorted { ($0.y, $0.x) < ($1.y, $1.x) }
    }

    /// `box` cut into the fewest equal parts of at most `tile` a side.
    private static func split(_ box: PixelRect, tile: Int) -> [PixelRect] {
        let columns = (box.width + tile - 1) / tile, rows = (box.height + tile - 1) / tile
        return (0..<rows).flatMap { r in
            (0..<columns).map { c in
                let x0 = box.x + c * box.width / columns, x1 = box.x + (c + 1) * box.width / columns
                let y0 = box.y + r * box.height / rows, y1 = box.y + (r + 1) * box.height / rows
                return PixelRect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
            }
        }
    }
}
