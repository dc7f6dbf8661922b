/// Draws rasters with Unicode upper half blocks in 24-bit colour: each character cell shows two
/// vertically stacked pixels (foreground = top, background = bottom). Works in any modern terminal.
public enum HalfBlockRenderer {
    /// One string per cell row, each `raster.width` cells wide; `raster.height` should be even.
    public static func lines(_ raster: RGB8) -> [String] {
        var lines: [String] = []
        lines.reserveCapacity((raster.height + 1) / 2)
        for row in stride(from: 0, to: raster.height, by: 2) {
            var line = ""
            for x in 0..<raster.width {
                let top = (row * raster.width + x) * 3
                let bottom = row + 1 < raster.height ? ((row + 1) * raster.width + x) * 3 : top
                let b = raster.bytes
                line += "\u{1B}[38;2;\(b[top]);\(b[top + 1]);\(b[top + 2])m"
                line += "\u{1B}[48;2;\(b[bottom]);\(b[bottom + 1]);\(b[bottom + 2])m\u{2580}"
            }
            lines.append(line + "\u{1B}[0m")
        }
        return lines
    }
}
