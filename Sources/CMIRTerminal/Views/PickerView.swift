/// The query list on the left, the selected query's preview on the right; or the path being typed.
enum PickerView {
    static func draw(_ state: BrowserState, into frame: inout Frame) {
        let area = state.layout.content
        let picker = state.picker
        let listWidth = min(40, max(24, area.columns / 3))
        if let typed = picker.typedPath {
            frame.canvas.put("Path of a query image:", column: area.column + 1, row: area.row, style: Styles.heading)
            frame.canvas.put(Canvas.truncated(typed + "█", toWidth: area.columns - 2), column: area.column + 1, row: area.row + 1)
            frame.canvas.put("Tab completes · Enter opens · Esc cancels", column: area.column + 1, row: area.row + 2, style: Styles.dim)
            for (i, choice) in picker.completions.prefix(max(0, area.rows - 4)).enumerated() {
                frame.canvas.put(Canvas.truncated(choice, toWidth: area.columns - 4), column: area.column + 3, row: area.row + 4 + i)
            }
            return
        }
        let visible = picker.visible
        if visible.isEmpty {
            let text = picker.candidates.isEmpty ? "No query folder given: press p to type the path of a query image."
                : "No query name contains \"\(picker.filter)\"."
            frame.canvas.put(Canvas.truncated(text, toWidth: area.columns - 2), column: area.column + 1, row: area.row)
            return
        }
        let first = picker.selection.firstRow
        for row in 0..<min(area.rows, visible.count - first) {
            let index = first + row
            let name = visible[index].fileName
            let selected = index == picker.selection.index
            let style = selected ? Styles.selected : CellStyle.plain
            if selected { frame.canvas.fill(CellRect(column: area.column + 1, row: area.row + row, columns: listWidth, rows: 1), style: style) }
            frame.canvas.put(Canvas.truncated(" " + name, toWidth: listWidth), column: area.column + 1, row: area.row + row, style: style)
        }
        let previewColumn = area.column + listWidth + 3
        let previewColumns = area.endColumn - previewColumn - 1
        let preview = CellRect(column: previewColumn, row: area.row, columns: previewColumns,
                               rows: min(area.rows - 2, Square.rows(columns: previewColumns, display: state.display)))
        let path = visible[picker.selection.index]
        frame.place(ImageRequest(path: path, role: .query), in: preview)
        frame.canvas.put(Canvas.truncated(path, toWidth: preview.columns), column: preview.column, row: preview.endRow + 1, style: Styles.dim)
    }
}
