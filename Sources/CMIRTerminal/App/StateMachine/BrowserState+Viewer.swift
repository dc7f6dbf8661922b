import CMIRKit

/// The slide viewer's keys, opening a slide from the grid, and taking places elsewhere (GeoJSON, clipboard).
extension BrowserState {
    /// Enter on the grid: a slide opens in the viewer, an image leads to the query picker as before.
    mutating func openSelectedEntry() -> [BrowserEffect] {
        let entries = repository.visible
        guard entries.indices.contains(repository.selection.index), entries[repository.selection.index].slide != nil else {
            screen = .picker
            return []
        }
        let entry = entries[repository.selection.index]
        return [.openSlide(path: entry.path, name: entry.name, match: nil)]
    }

    mutating func performViewerAction(_ action: BrowserAction) -> [BrowserEffect] {
        let view = viewerLayout.viewPixels
        switch action {
        case .zoom(let direction):
            viewer?.viewport.zoom(direction, view: view)
        case let .pan(dx, dy):
            viewer?.viewport.pan(dx: dx, dy: dy, view: view)
        case .overview:
            viewer?.viewport.showOverview(view: view)
        case .exportResults:
            guard let results, !results.outcome.matches.isEmpty else {
                message = .info("no results to export: search first")
                return []
            }
            return [.exportResults]
        case .copyPlace:
            if screen == .viewer, let viewer { return [.copyToClipboard(viewer.placeText(view: view))] }
            guard let results, results.outcome.matches.indices.contains(results.selection.index),
                  let place = results.outcome.matches[results.selection.index].place else {
                message = .info("the selected result is not a place on a slide")
                return []
            }
            return [.copyToClipboard(PlaceText.of(slide: results.outcome.matches[results.selection.index].name, rect: place))]
        default:
            break
        }
        return []
    }
}
