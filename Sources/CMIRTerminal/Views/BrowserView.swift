/// Draws a browser state: the shared title and status rows, then the current screen (or the help
/// overlay, or a message when the terminal is too small). Pure, like the state machine.
public enum BrowserView {
    public static func render(_ state: BrowserState) -> Frame {
        var frame = Frame(size: state.size)
        let layout = state.layout
        if layout.isTooSmall {
            TooSmallView.draw(state.size, into: &frame.canvas)
            return frame
        }
        drawTitle(state, into: &frame.canvas)
        if state.helpVisible {
            HelpView.draw(state, into: &frame.canvas)
        } else {
            switch state.screen {
            case .preparing: PreparingView.draw(state, into: &frame)
            case .repository: RepositoryView.draw(state, into: &frame)
            case .picker: PickerView.draw(state, into: &frame)
            case .crop: CropView.draw(state, into: &frame)
            case .results: ResultsView.draw(state, into: &frame)
            case .inspection: InspectionView.draw(state, into: &frame)
            case .viewer: ViewerView.draw(state, into: &frame)
            }
        }
        drawStatus(state, into: &frame.canvas)
        return frame
    }

    static func screenName(_ screen: BrowserScreen) -> String {
        switch screen {
        case .preparing: "Preparing"
        case .repository: "Repository"
        case .picker: "Choose a query"
        case .crop: "Crop the query"
        case .results: "Results"
        case .inspection: "Inspect a match"
        case .viewer: "Slide"
        }
    }

    static func drawTitle(_ state: BrowserState, into canvas: inout Canvas) {
        let row = state.layout.titleRow
        canvas.fill(CellRect(column: 0, row: row, columns: canvas.columns, rows: 1), style: Styles.title)
        let title = " cmir │ \(screenName(state.screen)) "
        let used = canvas.put(title, column: 0, row: row, style: Styles.title)
        let hints = state.helpVisible ? "any key closes the help " : KeyBindings.hints(state) + " "
        let room = canvas.columns - used - 1
        let shown = Canvas.truncated(hints, toWidth: room)
        canvas.put(shown, column: canvas.columns - Canvas.width(of: shown), row: row, style: Styles.title)
    }

    /// The status row: a running search's progress first, then a message, then the screen's facts.
    static func drawStatus(_ state: BrowserState, into canvas: inout Canvas) {
        let row = state.layout.statusRow, width = canvas.columns - 1
        if let running = state.search {
            let progress = running.progress ?? ProgressSnapshot(stage: "searching", done: 0, total: 0)
            let text = progress.line(barWidth: 20) + " · Esc cancels"
            canvas.put(Canvas.truncated(text, toWidth: width), column: 0, row: row, style: Styles.warning)
            return
        }
        if let message = state.message {
            let style = message.kind == .error ? Styles.error : Styles.good
            canvas.put(Canvas.truncated(message.text, toWidth: width), column: 0, row: row, style: style)
            return
        }
        if state.editingFilter {
            let filter = state.screen == .picker ? state.picker.filter : state.repository.filter
            canvas.put(Canvas.truncated("filter: /\(filter)█  (Enter keeps, Esc clears)", toWidth: width), column: 0, row: row,
                       style: Styles.heading)
            return
        }
        canvas.put(Canvas.truncated(facts(state), toWidth: width), column: 0, row: row, style: Styles.dim)
    }

    static func facts(_ state: BrowserState) -> String {
        switch state.screen {
        case .preparing:
            return "first start: the demo index is built once and kept for the next start"
        case .repository:
            let info = state.repository.info
            var text = info?.summary.statusLine ?? ""
            if !state.repository.filter.isEmpty {
                text = "filter \"\(state.repository.filter)\": \(state.repository.visible.count) shown · " + text
            }
            if state.repository.layer == .representation { text += " · showing representations" }
            return text
        case .picker:
            return "\(state.picker.candidates.count) queries · the true match is the repository image of the same name"
        case .crop:
            guard let crop = state.crop else { return "" }
            let r = crop.crop.rect
            return "query \(crop.stem) · region \(r.x),\(r.y) \(r.width)×\(r.height) of \(crop.crop.imageWidth)×\(crop.crop.imageHeight) · re-ranking \(crop.rerank ? "on" : "off")"
        case .viewer:
            guard let viewer = state.viewer else { return "" }
            return "y copies \"\(viewer.placeText(view: state.viewerLayout.viewPixels))\" · Esc back"
        case .results, .inspection:
            guard let results = state.results else { return "" }
            return ResultsView.summary(results, index: state.repository.info?.summary)
        }
    }
}

/// Shown instead of the layout when the terminal is smaller than the browser needs.
enum TooSmallView {
    static func draw(_ size: TerminalSize, into canvas: inout Canvas) {
        let need = ScreenLayout.minimum
        let lines = ["Terminal too small", "need \(need.columns) × \(need.rows), have \(size.columns) × \(size.rows)",
                     "enlarge the window, or press q to quit"]
        let top = max(0, (size.rows - lines.count) / 2)
        for (i, line) in lines.enumerated() where top + i < size.rows {
            canvas.putCentred(line, column: 0, width: size.columns, row: top + i, style: i == 0 ? Styles.warning : .plain)
        }
    }
}

/// The first start of the demo: the index being built.
enum PreparingView {
    static func draw(_ state: BrowserState, into frame: inout Frame) {
        let area = state.layout.content
        let middle = area.row + area.rows / 2 - 2
        frame.canvas.putCentred("Building the demo index (first start only)", column: 0, width: area.columns, row: middle,
                                style: Styles.heading)
        if let failure = state.preparationFailure {
            frame.canvas.putCentred(failure, column: 0, width: area.columns, row: middle + 2, style: Styles.error)
            frame.canvas.putCentred("press q to quit", column: 0, width: area.columns, row: middle + 3)
            return
        }
        let progress = state.preparation ?? ProgressSnapshot(stage: "starting", done: 0, total: 0)
        frame.canvas.putCentred(progress.line(barWidth: min(40, area.columns / 2)), column: 0, width: area.columns,
                                row: middle + 2)
    }
}
