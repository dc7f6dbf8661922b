/// The size an image takes when fitted into a box of cells, keeping its aspect ratio.
public struct FittedSize: Hashable, Sendable {
    /// Raster size in pixels: screen pixels for the pixel protocols; for characters, `rasterPixelsPerCell` a cell.
    public var pixelWidth: Int
    public var pixelHeight: Int
    /// Cells the drawn image covers.
    public var columns: Int
    public var rows: Int

    /// The top-left cell of an image of this size centred in `box`.
    public func origin(in box: CellRect) -> (column: Int, row: Int) {
        (box.column + max(0, (box.columns - columns) / 2), box.row + max(0, (box.rows - rows) / 2))
    }
}

/// Fits images into boxes of cells for each graphics mode.
public enum ImageFitting {
    /// Raster pixels per cell of the modes that draw characters: blocks show two pixels a cell, one above
    /// the other; chafa matches its symbols against 8 x 8 pixels a cell.
    public static func rasterPixelsPerCell(_ mode: GraphicsMode) -> (width: Int, height: Int) {
        mode == .symbols ? (8, 8) : (1, 2)
    }

    /// The largest size of a `width` x `height` image inside `columns` x `rows` cells of `cell` pixels.
    /// Pixel protocols keep the aspect ratio in screen pixels; sixel heights are whole sixel bands (multiples
    /// of 6 px, rounded down so the image never spills into the row below). Character modes keep the
    /// physical aspect ratio in whole cells.
    public static func fit(width: Int, height: Int, columns: Int, rows: Int,
                           cell: (width: Int, height: Int), mode: GraphicsMode) -> FittedSize? {
        guard width > 0, height > 0, columns > 0, rows > 0, cell.width > 0, cell.height > 0, mode != .none else { return nil }
        let aspect = Double(width) / Double(height)
        if mode.drawsPixels {
            let band = mode == .sixel ? 6 : 1
            let boxWidth = columns * cell.width, boxHeight = (rows * cell.height) / band * band
            guard boxHeight >= band else { return nil }
            var pixelWidth = boxWidth
            var pixelHeight = max(band, Int(Double(boxWidth) / aspect) / band * band)
            if pixelHeight > boxHeight {
                pixelHeight = boxHeight
                pixelWidth = min(boxWidth, max(1, Int((Double(boxHeight) * aspect).rounded())))
            }
            return FittedSize(pixelWidth: pixelWidth, pixelHeight: pixelHeight,
                              columns: (pixelWidth + cell.width - 1) / cell.width,
                              rows: (pixelHeight + cell.height - 1) / cell.height)
        }
        let physicalWidth = min(Double(columns * cell.width), Double(rows * cell.height) * aspect)
        let physicalHeight = physicalWidth / aspect
        let fittedColumns = min(columns, max(1, Int((physicalWidth / Double(cell.width)).rounded())))
        let fittedRows = min(rows, max(1, Int((physicalHeight / Double(cell.height)).rounded())))
        let perCell = rasterPixelsPerCell(mode)
        return FittedSize(pixelWidth: fittedColumns * perCell.width, pixelHeight: fittedRows * perCell.height,
                          columns: fittedColumns, rows: fittedRows)
    }
}
