import CMIRKit

/// Events: keys and the mouse from the user, news from the background work.
extension BrowserState {
    /// Applies one event and returns the work it asks for. Pure: the same state and event always give
    /// the same result, which is what the unit tests rely on.
    public mutating func handle(_ event: BrowserEvent) -> [BrowserEffect] {
        switch event {
        case .key(let key): return handle(key)
        case .mouse(let mouse): handle(mouse); return []
        case .wheel(let wheel): handle(wheel)
        case .resized(let newSize):
            size = newSize
            keepSelectionsVisible()
            let viewerView = viewerLayout.viewPixels, cropView = cropLayout.viewPixels
            viewer?.viewport.clampCentre(view: viewerView)
            crop?.viewport.clampCentre(view: cropView)
        case .preparationProgress(let progress):
            preparation = progress
        case .repositoryReady(let info):
            repository.info = info
            preparation = nil
            if screen == .preparing { screen = .repository }
        case .preparationFailed(let reason):
            preparationFailure = reason
        case let .queryLoaded(path, width, height):
            crop = CropState(path: path, imageWidth: width, imageHeight: height, rerank: crop?.rerank ?? rerankDefault,
                             view: cropLayout.viewPixels)
            picker.typedPath = nil
            picker.completions = []
            screen = .crop
        case let .slideOpened(slide, match):
            show(slide, match: match)
        case .slideFailed(let reason):
            openingSlide = nil
            message = .error(reason)
        case let .resultsExported(path, places):
            message = .info("wrote \(places) \(places == 1 ? "place" : "places") as GeoJSON to \(path)")
        case .copied(let text):
            message = .info("copied \"\(text)\" to the clipboard")
        case .queryFailed(let reason), .cropSaveFailed(let reason), .wordsFailed(let reason),
             .exportFailed(let reason):
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
            if let index = inspection?.index, results.map({ overlay.belongs(to: $0.outcome.matches[index]) }) == true {
                inspection?.words = overlay
            }
        }
        return []
    }
}
