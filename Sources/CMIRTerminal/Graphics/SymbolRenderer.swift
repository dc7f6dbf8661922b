import CChafa

/// Draws rasters as Unicode symbols in 24-bit colour through chafa: for each cell it picks the block
/// element (halves, quadrants, eighths) and the two colours that come closest to the cell's 8 x 8 pixels, so
/// edges follow the picture more closely than half blocks. Needs no graphics protocol.
public enum SymbolRenderer {
    /// One string per cell row of `columns` x `rows` cells showing the whole raster.
    public static func lines(_ raster: RGB8, columns: Int, rows: Int) -> [String] {
        guard columns > 0, rows > 0, raster.width > 0, raster.height > 0 else { return [] }
        let symbols = chafa_symbol_map_new()
        defer { chafa_symbol_map_unref(symbols) }
        // Block elements and the space: in nearly every font, and on tissue cleaner than chafa's line-drawing
        // symbols, whose thin strokes read as scratches (screenshots in xterm). Single-width symbols only: a wide
        // one would take two cells the layout counts as one.
        chafa_symbol_map_add_by_tags(symbols, ChafaSymbolTags(rawValue: CHAFA_SYMBOL_TAG_BLOCK.rawValue | CHAFA_SYMBOL_TAG_SPACE.rawValue))
        chafa_symbol_map_remove_by_tags(symbols, ChafaSymbolTags(rawValue: CHAFA_SYMBOL_TAG_WIDE.rawValue | CHAFA_SYMBOL_TAG_INVERTED.rawValue))
        let config = chafa_canvas_config_new()
        defer { chafa_canvas_config_unref(config) }
        chafa_canvas_config_set_geometry(config, Int32(columns), Int32(rows))
        chafa_canvas_config_set_canvas_mode(config, CHAFA_CANVAS_MODE_TRUECOLOR)
        chafa_canvas_config_set_symbol_map(config, symbols)
        let canvas = chafa_canvas_new(config)
        defer { chafa_canvas_unref(canvas) }
        raster.bytes.withUnsafeBufferPointer { pixels in
            chafa_canvas_draw_all_pixels(canvas, CHAFA_PIXEL_RGB8, pixels.baseAddress, Int32(raster.width), Int32(raster.height),
                                         Int32(raster.width * 3))
        }
        return (0..<rows).map { row in
            var cells = ColouredCells()
            for column in 0..<columns {
                var foreground: Int32 = 0, background: Int32 = 0
                chafa_canvas_get_colors_at(canvas, Int32(column), Int32(row), &foreground, &background)
                let symbol = Unicode.Scalar(chafa_canvas_get_char_at(canvas, Int32(column), Int32(row))).map(Character.init) ?? " "
                cells.append(symbol, foreground: UInt32(bitPattern: foreground) & 0xFF_FFFF, background: UInt32(bitPattern: background) & 0xFF_FFFF)
            }
            return cells.finished
        }
    }
}
