/// The parts of a slide tile that are read: a box around each piece of tissue in the tile, padded a little for the
/// mask's coarseness, and boxes joined when they overlap or when reading them as one (each box is read with a
/// margin on every side) costs no more pixels than reading them apart. The boxes are disjoint and inside the tile,
/// so every place of tissue is still covered once, and the glass between the pieces is not read.
enum TissueBoxes {
    /// Boxes in pixels of the indexed level for `tile` (in pixels of that level, each `scale` level-0 pixels);
    /// pieces of tissue smaller than `minimumArea` level-0 pixels are left out.
    static func boxes(in tile: PixelRect, mask: TissueMask, scale: Double, margin: Int, pad: Int,
                      minimumArea: Double) -> [PixelRect] {
        var boxes = mask.pieces(inLevelZero: Engine.scaled(tile, by: scale)).filter { $0.area >= minimumArea }.map { piece in
            let box = piece.box
            let left = max(tile.x, Int((Double(box.x) / scale).rounded(.down)) - pad)
            let top = max(tile.y, Int((Double(box.y) / scale).rounded(.down)) - pad)
            let right = min(tile.x + tile.width, Int((Double(box.x + box.width) / scale).rounded(.up)) + pad)
            let bottom = min(tile.y + tile.height, Int((Double(box.y + box.height) / scale).rounded(.up)) + pad)
            return PixelRect(x: left, y: top, width: right - left, height: bottom - top)
        }
        func cost(_ r: PixelRect) -> Int { (r.width + 2 * margin) * (r.height + 2 * margin) }
        var joined = true
        while joined {
            joined = false
            search: for i in boxes.indices {
                for j in boxes.indices where j > i {
                    let (a, b) = (boxes[i], boxes[j])
                    let union = Self.union(a, b)
                    if overlap(a, b) || cost(union) <= cost(a) + cost(b) {
                        boxes[i] = union
                        boxes.remove(at: j)
                        joined = true
                        break search
                    }
                }
            }
        }
        return boxes
    }

    private static func union(_ a: PixelRect, _ b: PixelRect) -> PixelRect {
        let left = min(a.x, b.x), top = min(a.y, b.y)
        return PixelRect(x: left, y: top, width: max(a.x + a.width, b.x + b.width) - left,
                         height: max(a.y + a.height, b.y + b.height) - top)
    }

    private static func overlap(_ a: PixelRect, _ b: PixelRect) -> Bool {
        a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
    }
}
