/// `?`: every key of the current screen, from the same table the state machine dispatches through.
enum HelpView {
    static func draw(_ state: BrowserState, into canvas: inout Canvas) {
        let area = state.layout.content
        let bindings = KeyBindings.inForce(state)
        var lines: [(String, String)] = bindings.map { ($0.label, $0.summary) }
        if state.screen == .crop { lines.append(("mouse", "drag inside the rectangle moves it, outside draws a new one")) }
        if state.screen == .viewer { lines.append(("wheel", "zoom in (up) or out (down) about the pointer")) }
        if state.screen == .repository || state.screen == .picker { lines.append(("/ …", "while filtering: type, Backspace, Enter keeps, Esc clears")) }
        if state.screen == .picker { lines.append(("path", "while typing a path: Tab completes, Enter opens, Esc cancels")) }
        if state.screen == .results || state.screen == .inspection {
            lines.append(("verified (N)", "re-ranked: N feature pairs agree on where the query lies, more than chance; outlined"))
            lines.append(("unverified (N)", "re-ranked: N pairs agree, as many as chance gives a wrong image; outlined on slides only"))
        }
        let labelWidth = lines.map { Canvas.width(of: $0.0) }.max() ?? 0
        let width = min(area.columns - 2, max(44, labelWidth + 3 + (lines.map { Canvas.width(of: $0.1) }.max() ?? 0) + 4))
        let height = min(area.rows, lines.count + 4)
        let box = CellRect(column: area.column + (area.columns - width) / 2, row: area.row + max(0, (area.rows - height) / 2),
                           columns: width, rows: height)
        canvas.frame(box, style: Styles.heading)
        canvas.putCentred(" Keys: \(BrowserView.screenName(state.screen)) ", column: box.column, width: box.columns,
                          row: box.row, style: Styles.heading)
        for (i, line) in lines.prefix(box.rows - 4).enumerated() {
            let row = box.row + 2 + i
            canvas.put(line.0, column: box.column + 2, row: row, style: Styles.key)
            canvas.put(line.1, column: box.column + 3 + labelWidth, row: row, maxWidth: box.columns - labelWidth - 5)
        }
        if lines.count > box.rows - 4 {
            canvas.put("… enlarge the terminal to see all \(lines.count) keys", column: box.column + 2, row: box.endRow - 2,
                       style: Styles.dim, maxWidth: box.columns - 4)
        }
    }
}
