/// Draws rasters with Unicode upper half blocks in 24-bit colour: each character cell shows two
/// vertically stacked pixels (foreground = top, background = bottom). Works in any modern terminal.
public enum HalfBlockRenderer {
    /// One string per cell row, each `raster.width` cells wide; `raster.height` should be even.
    public static func lines(_ raster: RGB8) -> [String] {
        stride(from: 0, to: raster.height, by: 2).map { row in
            var cells = ColouredCells()
            for x in 0..<raster.width {
                let below = row + 1 < raster.height ? row + 1 : row
                cells.append("\u{2580}", foreground: raster.colour(x: x, y: row), background: raster.colour(x: x, y: below))
            }
            return cells.finished
        }
    }
}
