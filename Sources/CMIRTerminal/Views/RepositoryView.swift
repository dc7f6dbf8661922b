/// The indexed images as a grid of thumbnails with names.
enum RepositoryView {
    static func draw(_ state: BrowserState, into frame: inout Frame) {
        let grid = state.repositoryGrid
        let entries = state.repository.visible
        let selection = state.repository.selection
        if entries.isEmpty {
            let text = state.repository.filter.isEmpty ? "The index holds no images."
                : "No image name contains \"\(state.repository.filter)\" (Esc in the filter clears it)."
            frame.canvas.putCentred(text, column: grid.area.column, width: grid.area.columns, row: grid.area.row + 2)
            return
        }
        for (index, entry) in entries.enumerated() {
            guard let box = grid.box(of: index, firstRow: selection.firstRow) else { continue }
            frame.place(ImageRequest(path: entry.path, role: .repository, layer: state.repository.layer), in: box)
            GridTiles.decorate(box: box, labels: [(entry.stem, .plain)], selected: index == selection.index, into: &frame.canvas)
        }
        GridTiles.scrollMarks(grid: grid, firstRow: selection.firstRow, count: entries.count, into: &frame.canvas)
    }
}
