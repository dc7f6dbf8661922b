import CMIRKit

/// The crop tool: the part of the query in view as large as fits on the left, a panel of facts and keys on the right.
public struct CropLayout: Hashable, Sendable {
    public static let panelWidth = 30
    public let imageBox: CellRect
    public let panel: CellRect
    public let display: Display

    public init(area: CellRect, display: Display) {
        self.display = display
        let boxColumns = area.columns - Self.panelWidth - 3
        imageBox = CellRect(column: area.column + 1, row: area.row, columns: boxColumns, rows: area.rows)
        panel = CellRect(column: imageBox.endColumn + 2, row: area.row, columns: Self.panelWidth, rows: area.rows)
    }

    /// The image box in screen pixels: the view the crop tool's zoom refers to.
    public var viewPixels: (width: Int, height: Int) { display.pixels(of: imageBox) }

    /// Where the `shown` part of the image (its pixels) is drawn, in cells and in raster pixels.
    public func fitted(shown: PixelRect) -> FittedSize? {
        ImageFitting.fit(width: shown.width, height: shown.height, columns: imageBox.columns, rows: imageBox.rows,
                         cell: display.cell, mode: display.mode)
    }

    /// The image pixel under the centre of a cell while the `shown` part is drawn, clamped to that part; `inside`
    /// says whether the cell is on it at all.
    public func imagePoint(column: Int, row: Int, shown: PixelRect) -> (x: Int, y: Int, inside: Bool)? {
        guard let size = fitted(shown: shown) else { return nil }
        let origin = size.origin(in: imageBox)
        let perCell = display.mode.drawsPixels ? display.cell : ImageFitting.rasterPixelsPerCell(display.mode)
        let perColumn = Double(perCell.width), perRow = Double(perCell.height)
        let x = (Double(column - origin.column) + 0.5) * perColumn * Double(shown.width) / Double(size.pixelWidth)
        let y = (Double(row - origin.row) + 0.5) * perRow * Double(shown.height) / Double(size.pixelHeight)
        let inside = x >= 0 && y >= 0 && x < Double(shown.width) && y < Double(shown.height)
        return (shown.x + min(max(0, Int(x)), shown.width - 1), shown.y + min(max(0, Int(y)), shown.height - 1), inside)
    }
}
