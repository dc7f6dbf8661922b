/// What a search ranks: a window of neighbouring places of one repository file, scored as one. A whole image
/// is one window of its one place; a slide has a window of k x k cells at every cell, k large enough that any
/// query-sized region lies inside one of them.
struct PlaceWindow: Sendable {
    /// Index of the file in `Engine.images`.
    let image: Int
    /// Indices of its places in the engine's place list.
    let places: [Int]
    /// Extent in the file's indexed pixels.
    let rect: PixelRect
    /// Where the dense stage put the query in it (the file's indexed pixels), for a window it found.
    var placement: MatchRegion? = nil

    /// The windows of every file for a query `querySide` indexed pixels across, files in order, a slide's
    /// windows by their top-left cell (rows, then columns).
    static func windows(images: [IndexedImage], places: [IndexedPlace], querySide: Double) -> [PlaceWindow] {
        let byImage = Dictionary(grouping: places.indices, by: { places[$0].imageID })
        return images.enumerated().flatMap { position, image -> [PlaceWindow] in
            let owned = byImage[image.id] ?? []
            guard let slide = image.slide else {
                return owned.map { PlaceWindow(image: position, places: [$0], rect: places[$0].rect) }
            }
            return slideWindows(image: position, owned: owned, places: places, cell: slide.cell,
                                span: Int((querySide / Double(slide.cell)).rounded(.up)) + 1)
        }
    }

    /// A slide's places (`owned`, indices into `places`) by the column and row of their `cell`-pixel cell.
    static func cells(_ owned: [Int], places: [IndexedPlace], cell: Int) -> [SIMD2<Int>: Int] {
        Dictionary(owned.map { p in (SIMD2(places[p].rect.x / cell, places[p].rect.y / cell), p) }, uniquingKeysWith: { _, last in last })
    }

    /// The window of extent `rect` over the places of the slide's cells that meet it; nil when none holds a place.
    static func covering(_ rect: PixelRect, image: Int, cells: [SIMD2<Int>: Int], cell: Int) -> PlaceWindow? {
        var members: [Int] = []
        for cy in (rect.y / cell)...((rect.y + rect.height - 1) / cell) {
            for cx in (rect.x / cell)...((rect.x + rect.width - 1) / cell) {
                if let p = cells[SIMD2(cx, cy)] { members.append(p) }
            }
        }
        return members.isEmpty ? nil : PlaceWindow(image: image, places: members, rect: rect)
    }

    /// The span x span windows of a slide's cells that hold at least one cell.
    private static func slideWindows(image: Int, owned: [Int], places: [IndexedPlace], cell: Int, span: Int) -> [PlaceWindow] {
        let cells = cells(owned, places: places, cell: cell)
        var anchors = Set<SIMD2<Int>>()
        for key in cells.keys {
            for dy in 0..<span { for dx in 0..<span { anchors.insert(key &- SIMD2(dx, dy)) } }
        }
        return anchors.sorted { ($0.y, $0.x) < ($1.y, $1.x) }.map { anchor in
            var members: [Int] = []
            for dy in 0..<span { for dx in 0..<span { if let p = cells[anchor &+ SIMD2(dx, dy)] { members.append(p) } } }
            let x0 = members.map { places[$0].rect.x }.min()!, y0 = members.map { places[$0].rect.y }.min()!
            let x1 = members.map { places[$0].rect.x + places[$0].rect.width }.max()!
            let y1 = members.map { places[$0].rect.y + places[$0].rect.height }.max()!
            return PlaceWindow(image: image, places: members, rect: PixelRect(x: x0, y: y0, width: x1 - x0, height: y1 - y0))
        }
    }
}
