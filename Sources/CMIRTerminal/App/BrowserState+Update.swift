import CMIRKit

extension BrowserState {
    /// Applies one event and returns the work it asks for. Pure: the same state and event always give
    /// the same result, which is what the unit tests rely on.
    public mutating func handle(_ event: BrowserEvent) -> [BrowserEffect] {
        switch event {
        case .key(let key): return handle(key)
        case .mouse(let mouse): handle(mouse); return []
        case .resized(let newSize):
            size = newSize
            keepSelectionsVisible()
        case .preparationProgress(let progress):
            preparation = progress
        case .repositoryReady(let info):
            repository.info = info
            preparation = nil
            if screen == .preparing { screen = .repository }
        case .preparationFailed(let reason):
            preparationFailure = reason
        case let .queryLoaded(path, width, height):
            crop = CropState(path: path, crop: CropRectangle(imageWidth: width, imageHeight: height), drag: nil,
                             rerank: crop?.rerank ?? rerankDefault)
            picker.typedPath = nil
            picker.completions = []
            screen = .crop
        case .queryFailed(let reason), .cropSaveFailed(let reason), .wordsFailed(let reason):
            message = .error(reason)
        case let .searchProgress(id, progress):
            if search?.request.id == id { search?.progress = progress }
        case let .searchFinished(id, outcome):
            guard let running = search, running.request.id == id else { return [] }
            search = nil
            results = ResultsState(request: running.request, outcome: outcome)
            inspection = nil
            screen = .results
            if running.request.rerank && !outcome.reranked { message = .info("no re-ranker in this build: plain ranking shown") }
        case let .searchFailed(id, reason):
            guard search?.request.id == id else { return [] }
            search = nil
            message = .error(reason)
        case let .cropSaved(path, region):
            message = .info("saved \(region.x),\(region.y) \(region.width)×\(region.height) as \(path)")
        case let .pathCompleted(text, choices):
            if picker.typedPath != nil {
                picker.typedPath = text
                picker.completions = choices
            }
        case .wordsLoaded(let overlay):
            if let index = inspection?.index, results?.outcome.matches[index].path == overlay.matchPath {
                inspection?.words = overlay
            }
        }
        return []
    }

    private mutating func handle(_ key: Key) -> [BrowserEffect] {
        message = nil
        if helpVisible {
            helpVisible = false
            return []
        }
        if key == .escape, let running = search {
            search = nil
            message = .info("search cancelled")
            return [.cancelSearch(id: running.request.id)]
        }
        if editingFilter { editFilter(key); return [] }
        if screen == .picker, picker.typedPath != nil { return editPath(key) }
        if screen == .preparing {
            if preparationFailure != nil, key == .enter || key == .escape { return [.quit] }
        }
        guard let action = KeyBindings.action(for: key, on: screen) else { return [] }
        return perform(action)
    }

    private mutating func perform(_ action: BrowserAction) -> [BrowserEffect] {
        switch action {
        case .quit:
            return [.quit]
        case .toggleHelp:
            helpVisible.toggle()
        case .back:
            switch screen {
            case .picker: screen = .repository
            case .crop: screen = .picker
            case .results: screen = crop == nil ? .picker : .crop
            case .inspection: screen = .results; inspection = nil
            case .preparing, .repository: break
            }
        case let .move(dx, dy):
            return move(dx: dx, dy: dy)
        case .page(let direction):
            let step = direction * pageSize
            moveSelection { index, _ in index + step }
        case .first:
            moveSelection { _, _ in 0 }
        case .last:
            moveSelection { _, count in count - 1 }
        case .startFilter:
            editingFilter = true
        case .openPicker:
            screen = .picker
        case .choose:
            if screen == .picker {
                let visible = picker.visible
                guard visible.indices.contains(picker.selection.index) else {
                    message = .info(picker.candidates.isEmpty ? "no query folder: press p to type a path" : "no query matches the filter")
                    return []
                }
                return [.loadQuery(path: visible[picker.selection.index])]
            }
            if screen == .results, let results, results.outcome.matches.indices.contains(results.selection.index) {
                inspection = InspectionState(index: results.selection.index, layer: results.layer)
                screen = .inspection
            }
        case .typePath:
            let folder = picker.visible.indices.contains(picker.selection.index)
                ? picker.visible[picker.selection.index].folder : ""
            picker.typedPath = folder
            picker.completions = []
        case .toggleLayer:
            func flip(_ layer: inout ImageLayer) { layer = layer == .picture ? .representation : .picture }
            switch screen {
            case .repository: flip(&repository.layer)
            case .results: if results != nil { flip(&results!.layer) }
            case .inspection: if inspection != nil { flip(&inspection!.layer) }
            default: break
            }
        case let .moveCrop(dx, dy):
            crop?.crop.move(dx: dx, dy: dy)
        case let .resizeCrop(dw, dh):
            crop?.crop.resize(dw: dw, dh: dh)
        case .scaleCrop(let direction):
            crop?.crop.scale(direction)
        case .resetCrop:
            crop?.crop.reset()
        case .search:
            guard let crop else { return [] }
            return startSearch(queryPath: crop.path, region: crop.region, rerank: crop.rerank)
        case .saveCrop:
            guard let crop else { return [] }
            return [.saveCrop(queryPath: crop.path, region: crop.crop.rect)]
        case .toggleRerank:
            if screen == .crop, crop != nil {
                crop!.rerank.toggle()
                message = .info("re-ranking \(crop!.rerank ? "on" : "off") for the next search")
            } else if screen == .results, let results {
                let rerank = !results.request.rerank
                crop?.rerank = rerank
                return startSearch(queryPath: results.request.queryPath, region: results.request.region, rerank: rerank)
            }
        case .toggleWords:
            guard var inspecting = inspection, let results else { return [] }
            inspecting.showWords.toggle()
            inspection = inspecting
            let path = results.outcome.matches[inspecting.index].path
            if inspecting.showWords, inspecting.words?.matchPath != path { return [.loadWords(matchPath: path)] }
        }
        return []
    }

    private mutating func startSearch(queryPath: String, region: PixelRect?, rerank: Bool) -> [BrowserEffect] {
        var effects: [BrowserEffect] = []
        if let running = search { effects.append(.cancelSearch(id: running.request.id)) }
        let request = SearchRequest(id: nextSearchID, queryPath: queryPath, region: region, rerank: rerank)
        nextSearchID += 1
        search = RunningSearch(request: request, progress: nil)
        effects.append(.search(request))
        return effects
    }

    // MARK: Selection in grids and lists

    private var pageSize: Int {
        switch screen {
        case .repository: repositoryGrid.pageSize
        case .results: resultsLayout.grid.pageSize
        default: pickerListRows
        }
    }

    private mutating func move(dx: Int, dy: Int) -> [BrowserEffect] {
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
            let path = results.outcome.matches[next].path
            inspection = inspecting
            self.results?.selection.index = next
            keepSelectionsVisible()
            if inspecting.showWords, inspecting.words?.matchPath != path { return [.loadWords(matchPath: path)] }
        default: break
        }
        return []
    }

    /// Moves the current screen's selection to `target(index, count)`, clamped, and scrolls to show it.
    private mutating func moveSelection(_ target: (Int, Int) -> Int) {
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

    // MARK: Text entry

    private mutating func editFilter(_ key: Key) {
        var text = screen == .picker ? picker.filter : repository.filter
        switch key {
        case .enter: editingFilter = false
        case .escape: editingFilter = false; text = ""
        case .backspace: if !text.isEmpty { text.removeLast() }
        case .character(let c): text.append(c)
        default: return
        }
        if screen == .picker {
            picker.filter = text
            picker.selection = Selection()
        } else {
            repository.filter = text
            repository.selection = Selection()
        }
        keepSelectionsVisible()
    }

    private mutating func editPath(_ key: Key) -> [BrowserEffect] {
        guard var text = picker.typedPath else { return [] }
        switch key {
        case .enter:
            guard !text.isEmpty else { return [] }
            return [.loadQuery(path: text)]
        case .escape:
            picker.typedPath = nil
            picker.completions = []
            return []
        case .tab:
            return [.completePath(text)]
        case .backspace:
            if !text.isEmpty { text.removeLast() }
        case .character(let c):
            text.append(c)
        default:
            return []
        }
        picker.typedPath = text
        picker.completions = []
        return []
    }

    // MARK: Mouse (the crop tool)

    private mutating func handle(_ mouse: MouseEvent) {
        guard screen == .crop, var state = crop, !helpVisible,
              let point = cropLayout.imagePoint(column: mouse.column, row: mouse.row, imageWidth: state.crop.imageWidth,
                                                imageHeight: state.crop.imageHeight, display: display) else { return }
        switch mouse.kind {
        case .press:
            guard point.inside else { return }
            // A rectangle covering the whole image cannot move: dragging over it draws a new one.
            if state.crop.contains(x: point.x, y: point.y) && !state.crop.coversWholeImage {
                state.drag = .init(anchorX: point.x - state.crop.rect.x, anchorY: point.y - state.crop.rect.y, moving: true)
            } else {
                state.drag = .init(anchorX: point.x, anchorY: point.y, moving: false)
                state.crop.span(from: (point.x, point.y), to: (point.x, point.y))
            }
        case .drag, .release:
            guard let drag = state.drag else { return }
            if drag.moving {
                state.crop.place(x: point.x - drag.anchorX, y: point.y - drag.anchorY)
            } else {
                state.crop.span(from: (drag.anchorX, drag.anchorY), to: (point.x, point.y))
            }
            if mouse.kind == .release { state.drag = nil }
        }
        crop = state
    }
}
