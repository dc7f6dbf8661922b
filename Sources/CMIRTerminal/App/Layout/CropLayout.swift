/// The crop tool: the query image as large as fits on the left, a panel of facts and keys on the right.
public struct CropLayout: Hashable, Sendable {
    public static let panelWidth = 30
    public let imageBox: CellRect
    public let panel: CellRect

    public init(area: CellRect) {
        let boxColumns = area.columns - Self.panelWidth - 3
        imageBox = CellRect(column: area.column + 1, row: area.row, columns: boxColumns, rows: area.rows)
        panel = CellRect(column: imageBox.endColumn + 2, row: area.row, columns: Self.panelWidth, rows: area.rows)
    }

    /// Where the image is drawn, in cells and in raster pixels.
    public func fitted(imageWidth: Int, imageHeight: Int, display: Display) -> FittedSize? {
        ImageFitting.fit(width: imageWidth, height: imageHeight, columns: imageBox.columns, rows: imageBox.rows,
                         cell: display.cell, mode: display.mode)
    }

    /// The image pixel under the centre of a cell, clamped to the image; `inside` says whether the cell
    /// is on the image at all.
    public func imagePoint(column: Int, row: Int, imageWidth: Int, imageHeight: Int,
                           display: Display) -> (x: Int, y: Int, inside: Bool)? {
        guard let size = fitted(imageWidth: imageWidth, imageHeight: imageHeight, display: display) else { return nil }
        let origin = size.origin(in: imageBox)
        let perCell = display.mode.drawsPixels ? display.cell : ImageFitting.rasterPixelsPerCell(display.mode)
        let perColumn = Double(perCell.width), perRow = Double(perCell.height)
        let x = (Double(column - origin.column) + 0.5) * perColumn * Double(imageWidth) / Double(size.pixelWidth)
        let y = (Double(row - origin.row) + 0.5) * perRow * Double(imageHeight) / Double(size.pixelHeight)
        let inside = x >= 0 && y >= 0 && x < Double(imageWidth) && y < Double(imageHeight)
        return (min(max(0, Int(x)), imageWidth - 1), min(max(0, Int(y)), imageHeight - 1), inside)
    }
}
