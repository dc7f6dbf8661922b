import CMIRKit

/// Keys: through the key table to actions, and the searches they start.
extension BrowserState {
    mutating func handle(_ key: Key) -> [BrowserEffect] {
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
        guard let action = KeyBindings.action(for: key, in: self) else { return [] }
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
            case .viewer: screen = viewer?.returnScreen ?? .repository; viewer = nil
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
            if screen == .repository { return openSelectedEntry() }
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
                return []
            }
            // From the side-by-side view, a place goes on to the slide viewer (its back key returns here).
            if screen == .inspection, let results, let inspection {
                let match = results.outcome.matches[inspection.index]
                guard match.place != nil else {
                    message = .info("an image result: the viewer shows places on slides")
                    return []
                }
                return open(slide: match.path, name: match.name, match: match)
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
        case .moveCrop, .resizeCrop, .scaleCrop, .resetCrop:
            changeCrop(action)
        case .toggleCropView:
            crop?.movingView.toggle()
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
            let match = results.outcome.matches[inspecting.index]
            if inspecting.showWords, inspecting.words?.belongs(to: match) != true { return [.loadWords(match)] }
        case .zoom, .pan, .overview, .exportResults, .copyPlace:
            return performViewerAction(action)
        }
        return []
    }

    /// A rectangle key: steps are a 32nd of the part in view, and the view follows the rectangle.
    private mutating func changeCrop(_ action: BrowserAction) {
        guard var state = crop else { return }
        let view = cropLayout.viewPixels, step = state.step(view: view)
        switch action {
        case let .moveCrop(dx, dy): state.crop.move(dx: dx, dy: dy, step: step)
        case let .resizeCrop(dw, dh): state.crop.resize(dw: dw, dh: dh, step: step)
        case .scaleCrop(let direction): state.crop.scale(direction)
        default: state.crop.reset()
        }
        state.viewport.reveal(state.crop.rect, view: view)
        crop = state
    }

    private mutating func startSearch(queryPath: String, region: PixelRect?, rerank: Bool) -> [BrowserEffect] {
        var effects: [BrowserEffect] = []
        if let running = search { effects.append(.cancelSearch(id: running.request.id)) }
        let request = BrowserSearch(id: nextSearchID, queryPath: queryPath, region: region, rerank: rerank)
        nextSearchID += 1
        search = RunningSearch(request: request, progress: nil)
        effects.append(.search(request))
        return effects
    }
}
