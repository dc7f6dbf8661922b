/// Inspection: query and match side by side, as large as fits, with two label rows under each.
public struct InspectionLayout: Hashable, Sendable {
    public let queryBox: CellRect
    public let matchBox: CellRect

    /// Boxes as tall as a square image of their width needs, so the labels sit right under the images.
    public init(area: CellRect, display: Display) {
        let columns = (area.columns - 3) / 2
        let rows = min(area.rows - 3, Square.rows(columns: columns, display: display))
        queryBox = CellRect(column: area.column + 1, row: area.row, columns: columns, rows: rows)
        matchBox = CellRect(column: queryBox.endColumn + 1, row: area.row, columns: columns, rows: rows)
    }

    public func label(under box: CellRect) -> CellRect {
        CellRect(column: box.column, row: box.endRow + 1, columns: box.columns, rows: 2)
    }
}
