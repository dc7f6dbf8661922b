/// The slide viewer: the view as large as fits on the left with the scale bar under it, and a panel on the
/// right with the minimap (the whole slide, the view outlined) above the slide's facts.
public struct ViewerLayout: Hashable, Sendable {
    public static let panelWidth = 30
    public let imageBox: CellRect
    /// The row under the image box that holds the scale bar.
    public let scaleRow: Int
    public let minimapBox: CellRect
    public let facts: CellRect
    public let display: Display

    public init(area: CellRect, display: Display) {
        self.display = display
        imageBox = CellRect(column: area.column + 1, row: area.row, columns: max(1, area.columns - Self.panelWidth - 3),
                            rows: max(1, area.rows - 1))
        scaleRow = imageBox.endRow
        let panelColumn = imageBox.endColumn + 2
        let minimapRows = min(Square.rows(columns: Self.panelWidth, display: display), max(2, area.rows / 2))
        minimapBox = CellRect(column: panelColumn, row: area.row, columns: Self.panelWidth, rows: minimapRows)
        facts = CellRect(column: panelColumn, row: minimapBox.endRow + 1, columns: Self.panelWidth,
                         rows: max(0, area.rows - minimapRows - 1))
    }

    /// The image box in screen pixels: the view the viewport's zoom refers to.
    public var viewPixels: (width: Int, height: Int) { display.pixels(of: imageBox) }

    /// The centre of a cell in view pixels from the image box's top-left corner; nil for a cell outside the box.
    public func viewPoint(column: Int, row: Int) -> (x: Double, y: Double)? {
        guard imageBox.contains(column: column, row: row) else { return nil }
        return ((Double(column - imageBox.column) + 0.5) * Double(display.cellWidth),
                (Double(row - imageBox.row) + 0.5) * Double(display.cellHeight))
    }
}
