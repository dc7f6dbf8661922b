import CMIRKit

/// The slide viewer's keys, opening a slide from the grid, and taking places elsewhere (GeoJSON, clipboard).
extension BrowserState {
    public struct OpeningSlide: Equatable, Sendable {
        public let path: String
        public let from: BrowserScreen
    }

    /// Asks for a slide's header to be read in the background; `.slideOpened` then shows it.
    mutating func open(slide path: String, name: String, match: Match?) -> [BrowserEffect] {
        openingSlide = OpeningSlide(path: path, from: screen)
        message = Self.opening(name)
        return [.openSlide(path: path, name: name, match: match)]
    }

    /// What the status line says while a slide's header is read.
    static func opening(_ name: String) -> StatusMessage { .info("opening \(name)…") }

    /// The viewer on an opened slide, unless the user has left the screen it was asked from (or asked for another).
    mutating func show(_ slide: ViewedSlide, match: Match?) {
        guard let opening = openingSlide, opening.path == slide.path, opening.from == screen else { return }
        openingSlide = nil
        if message == Self.opening(slide.name) { message = nil }
        viewer = ViewerState(slide: slide, match: match, returnScreen: screen, view: viewerLayout.viewPixels)
        screen = .viewer
    }

    /// Enter on the grid: a slide opens in the viewer, an image leads to the query picker as before.
    mutating func openSelectedEntry() -> [BrowserEffect] {
        let entries = repository.visible
        guard entries.indices.contains(repository.selection.index), entries[repository.selection.index].slide != nil else {
            screen = .picker
            return []
        }
        let entry = entries[repository.selection.index]
        return open(slide: entry.path, name: entry.name, match: nil)
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
