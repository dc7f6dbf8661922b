import CMIRKit

/// The indexed images as a grid of thumbnails with names; slides with their size and pixel size under the name.
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
            frame.place(thumbnail(entry, layer: state.repository.layer), in: box)
            var labels = [(entry.stem, CellStyle.plain)]
            if let slide = entry.slide { labels.append((slideLabel(entry, slide), Styles.dim)) }
            GridTiles.decorate(box: box, labels: labels, selected: index == selection.index, into: &frame.canvas)
        }
        GridTiles.scrollMarks(grid: grid, firstRow: selection.firstRow, count: entries.count, into: &frame.canvas)
    }

    /// An image whole; a slide as its overview (the coarsest level that fills the box).
    static func thumbnail(_ entry: IndexedImage, layer: ImageLayer) -> ImageRequest {
        let slide = entry.slide.map { _ in SlideView.whole(width: entry.width, height: entry.height) }
        return ImageRequest(path: entry.path, role: .repository, layer: layer, slide: slide)
    }

    /// "4862×3736 0.5µm", "98k×41k 0.25µm": the level-0 size and, when known, the pixel size, short enough for a tile
    /// (two significant digits keep "1652×1652 0.67µm" within 16 cells; the viewer gives three).
    static func slideLabel(_ entry: IndexedImage, _ slide: SlideDetails) -> String {
        func side(_ pixels: Int) -> String { pixels < 10_000 ? "\(pixels)" : "\((pixels + 500) / 1000)k" }
        let size = "\(side(entry.width))×\(side(entry.height))"
        return slide.micronsPerPixel.map { size + String(format: " %.2gµm", $0) } ?? size
    }
}
