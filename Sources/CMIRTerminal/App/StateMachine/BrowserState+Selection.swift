/// Selection in grids and lists: moving, paging, clamping and scrolling.
extension BrowserState {
    var pageSize: Int {
        switch screen {
        case .repository: repositoryGrid.pageSize
        case .results: resultsLayout.grid.pageSize
        default: pickerListRows
        }
    }

    mutating func move(dx: Int, dy: Int) -> [BrowserEffect] {
        switch screen {
        case .repository:
            let perRow = repositoryGrid.perRow
            moveSelection { index, _ in index + dx + dy * perRow }
        case .results:
            let perRow = resultsLayout.grid.perRow
            moveSelection { index, _ in index + dx + dy * perRow }
        case .picker: moveSelection { index, _ in index + dy }
        case .inspection:
            guard let results, var inspecting = inspection else { return [] }
            let next = min(max(0, inspecting.index + dx), results.outcome.matches.count - 1)
            guard next != inspecting.index else { return [] }
            inspecting.index = next
            let match = results.outcome.matches[next]
            inspection = inspecting
            self.results?.selection.index = next
            keepSelectionsVisible()
            if inspecting.showWords, inspecting.words?.belongs(to: match) != true { return [.loadWords(match)] }
        default: break
        }
        return []
    }

    /// Moves the current screen's selection to `target(index, count)`, clamped, and scrolls to show it.
    mutating func moveSelection(_ target: (Int, Int) -> Int) {
        switch screen {
        case .repository:
            let count = repository.visible.count
            guard count > 0 else { return }
            repository.selection.index = min(max(0, target(repository.selection.index, count)), count - 1)
        case .results:
            guard let count = results?.outcome.matches.count, count > 0 else { return }
            results!.selection.index = min(max(0, target(results!.selection.index, count)), count - 1)
        case .picker:
            let count = picker.visible.count
            guard count > 0 else { return }
            picker.selection.index = min(max(0, target(picker.selection.index, count)), count - 1)
        default: return
        }
        keepSelectionsVisible()
    }

    /// Clamps every selection to its list and scrolls each grid so its selection shows.
    mutating func keepSelectionsVisible() {
        let repositoryCount = repository.visible.count
        repository.selection.index = min(repository.selection.index, max(0, repositoryCount - 1))
        repository.selection.firstRow = repositoryGrid.firstRow(showing: repository.selection.index,
                                                                current: repository.selection.firstRow, count: repositoryCount)
        if let count = results?.outcome.matches.count {
            let grid = resultsLayout.grid
            results!.selection.index = min(results!.selection.index, max(0, count - 1))
            results!.selection.firstRow = grid.firstRow(showing: results!.selection.index,
                                                        current: results!.selection.firstRow, count: count)
        }
        let pickerCount = picker.visible.count
        picker.selection.index = min(picker.selection.index, max(0, pickerCount - 1))
        let rows = pickerListRows
        if picker.selection.index < picker.selection.firstRow { picker.selection.firstRow = picker.selection.index }
        if picker.selection.index >= picker.selection.firstRow + rows { picker.selection.firstRow = picker.selection.index - rows + 1 }
        picker.selection.firstRow = max(0, min(picker.selection.firstRow, pickerCount - rows))
    }
}
