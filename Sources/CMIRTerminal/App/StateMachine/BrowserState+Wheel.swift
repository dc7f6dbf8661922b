/// The mouse wheel: in the slide viewer a turn up zooms in and down zooms out a step, about the pointer when it is
/// over the view (the slide under it stays put), about the view's centre when it is elsewhere.
extension BrowserState {
    mutating func handle(_ wheel: MouseWheel) {
        guard screen == .viewer, !helpVisible else { return }
        let layout = viewerLayout
        viewer?.viewport.zoom(wheel.up ? 1 : -1, view: layout.viewPixels, about: layout.viewPoint(column: wheel.column, row: wheel.row))
    }
}
