/// The size an image takes when fitted into a box of cells, keeping its aspect ratio.
public struct FittedSize: Hashable, Sendable {
    /// Raster size in pixels: screen pixels for sixel; for blocks, one pixel per cell column and two per row.
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
    /// The largest size of a `width` x `height` image inside `columns` x `rows` cells of `cell` pixels.
    /// Sixel heights are whole sixel bands (multiples of 6 px, rounded down so the image never spills into
    /// the row below); blocks keep the physical aspect ratio with two pixels per cell row.
    public static func fit(width: Int, height: Int, columns: Int, rows: Int,
                           cell: (width: Int, height: Int), mode: GraphicsMode) -> FittedSize? {
        guard width > 0, height > 0, columns > 0, rows > 0, cell.width > 0, cell.height > 0 else { return nil }
        let aspect = Double(width) / Double(height)
        switch mode {
        case .sixel:
            let boxWidth = columns * cell.width, boxHeight = (rows * cell.height) / 6 * 6
            guard boxHeight >= 6 else { return nil }
            var pixelWidth = boxWidth
            var pixelHeight = max(6, Int(Double(boxWidth) / aspect) / 6 * 6)
            if pixelHeight > boxHeight {
                pixelHeight = boxHeight
                pixelWidth = min(boxWidth, max(1, Int((Double(boxHeight) * aspect).rounded())))
            }
            return FittedSize(pixelWidth: pixelWidth, pixelHeight: pixelHeight,
                              columns: (pixelWidth + cell.width - 1) / cell.width,
                              rows: (pixelHeight + cell.height - 1) / cell.height)
        case .blocks:
            // Physical size: a block pixel is cell.width wide and cell.height / 2 tall.
            let physicalWidth = min(Double(columns * cell.width), Double(rows * cell.height) * aspect)
            let physicalHeight = physicalWidth / aspect
            let fittedColumns = min(columns, max(1, Int((physicalWidth / Double(cell.width)).rounded())))
            let fittedRows = min(rows, max(1, Int((physicalHeight / Double(cell.height)).rounded())))
            return FittedSize(pixelWidth: fittedColumns, pixelHeight: fittedRows * 2, columns: fittedColumns, rows: fittedRows)
        case .none:
            return nil
        }
    }
}
