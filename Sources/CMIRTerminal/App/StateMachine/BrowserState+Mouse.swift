/// The mouse on the crop tool: a press and drag spans a new rectangle or moves the one under it.
extension BrowserState {
    mutating func handle(_ mouse: MouseEvent) {
        guard screen == .crop, var state = crop, !helpVisible,
              let point = cropLayout.imagePoint(column: mouse.column, row: mouse.row,
                                                shown: state.shown(view: cropLayout.viewPixels)) else { return }
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
