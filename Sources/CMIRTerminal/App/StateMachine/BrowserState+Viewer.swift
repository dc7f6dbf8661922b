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
            changeViewport { $0.zoom(direction, view: $1) }
        case let .pan(dx, dy):
            changeViewport { $0.pan(dx: dx, dy: dy, view: $1) }
        case .overview:
            changeViewport { $0.showOverview(view: $1) }
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

    /// Zoom and pan act on the screen's viewport: the crop tool's image or the viewer's slide, over its own view.
    private mutating func changeViewport(_ change: (inout SlideViewport, (width: Int, height: Int)) -> Void) {
        if screen == .crop, crop != nil {
            let view = cropLayout.viewPixels
            change(&crop!.viewport, view)
        } else if viewer != nil {
            let view = viewerLayout.viewPixels
            change(&viewer!.viewport, view)
        }
    }
}
