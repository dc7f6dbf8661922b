/// The text around a grid thumbnail: a bar over the selected one and its label rows. Nothing is drawn
/// on the image's own rows, so moving the selection never makes the images redraw.
enum GridTiles {
    static func decorate(box: CellRect, labels: [(String, CellStyle)], selected: Bool, into canvas: inout Canvas) {
        if selected {
            canvas.put(String(repeating: "▄", count: box.columns), column: box.column, row: box.row - 1, style: Styles.selectionBar)
        }
        for (i, label) in labels.enumerated() {
            let row = box.endRow + i
            let text = Canvas.truncated(label.0, toWidth: box.columns)
            if selected && i == 0 {
                canvas.fill(CellRect(column: box.column, row: row, columns: box.columns, rows: 1), style: Styles.selected)
                canvas.put(text, column: box.column, row: row, style: Styles.selected)
            } else {
                canvas.put(text, column: box.column, row: row, style: label.1)
            }
        }
    }

    /// "more above / below" markers when a grid is scrolled.
    static func scrollMarks(grid: GridLayout, firstRow: Int, count: Int, into canvas: inout Canvas) {
        let rows = grid.rowCount(count)
        if firstRow > 0 {
            canvas.put("▲ \(firstRow * grid.perRow) more", column: grid.area.endColumn - 14, row: grid.area.row - 1, style: Styles.dim)
        }
        let shownEnd = (firstRow + grid.visibleRows) * grid.perRow
        if firstRow + grid.visibleRows < rows {
            canvas.put("▼ \(count - shownEnd) more", column: grid.area.endColumn - 14, row: grid.area.endRow, style: Styles.dim)
        }
    }
}
