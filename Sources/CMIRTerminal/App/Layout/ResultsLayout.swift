/// Results: the query on the left (thumbnail and facts), the ranked matches as a grid on the right.
public struct ResultsLayout: Hashable, Sendable {
    public let queryBox: CellRect
    public let queryText: CellRect
    public let grid: GridLayout

    public init(area: CellRect, display: Display) {
        let probe = GridLayout(area: area, display: display, labelRows: 2)
        let panelColumns = max(probe.boxColumns, 22)
        queryBox = CellRect(column: area.column + 1, row: area.row, columns: probe.boxColumns, rows: probe.boxRows)
        queryText = CellRect(column: area.column + 1, row: queryBox.endRow + 1, columns: panelColumns,
                             rows: max(0, area.rows - probe.boxRows - 1))
        let gridColumn = area.column + panelColumns + 3
        grid = GridLayout(area: CellRect(column: gridColumn, row: area.row, columns: area.endColumn - gridColumn, rows: area.rows),
                          display: display, labelRows: 2)
    }
}
