import CMIRKit

/// Parts of slides for the screen, assembled from square tiles of a pyramid level that are read through OpenSlide
/// once and kept in a byte-budgeted cache, so panning and zooming back read only what is new. Open slides are
/// kept too (a handle reads concurrently). Thread-safe: the thumbnail workers call it.
final class SlideTiles: Sendable {
    /// Tile side in level pixels.
    static let tileSide = 512

    private struct TileKey: Hashable, Sendable { let path: String; let level: Int; let column: Int; let row: Int }

    private let slides = LRUCache<String, Slide>(capacity: 8)
    private let tiles: LRUCache<TileKey, Image>

    /// `budgetBytes` bounds the decoded tiles kept (a tile is 3 MB of floats).
    init(budgetBytes: Int = 96 << 20) {
        tiles = LRUCache(capacity: budgetBytes)
    }

    /// The open slide at `path` (opened once).
    func slide(at path: String) throws -> Slide {
        if let open = slides.value(for: path) { return open }
        let slide = try Slide(path: path)
        slides.insert(slide, for: path, cost: 1)
        return slide
    }

    /// The view's region at its level, or, without one, at the coarsest level that has at least
    /// `pixelWidth` x `pixelHeight` pixels for it. The image covers the level pixels the region touches.
    /// A view with a match's frame gives the slide turned upright instead (`upright`). Before each tile that is not
    /// cached yet, `isCancelled` is asked; true stops the read with `CancellationError` (the tiles read so far stay cached).
    func region(path: String, view: SlideView, pixelWidth: Int, pixelHeight: Int,
                isCancelled: @Sendable () -> Bool = { false }) throws -> Image {
        if let frame = view.frame {
            return try upright(path: path, frame: frame, shown: view.region, pixelWidth: pixelWidth, pixelHeight: pixelHeight,
                               isCancelled: isCancelled)
        }
        let slide = try slide(at: path)
        let downsamples = slide.levels.map(\.downsample)
        let zoom = min(Double(view.region.width) / Double(max(1, pixelWidth)), Double(view.region.height) / Double(max(1, pixelHeight)))
        let level = min(view.level ?? SlideViewport.level(forZoom: zoom, downsamples: downsamples), downsamples.count - 1)
        let wanted = SlideViewport.levelRegion(of: view.region, downsample: downsamples[level])
        var out = Image(width: wanted.width, height: wanted.height, channels: 3, filledWith: 1)
        let side = Self.tileSide
        for row in (wanted.y / side)...((wanted.y + wanted.height - 1) / side) {
            for column in (wanted.x / side)...((wanted.x + wanted.width - 1) / side) {
                let tile = try self.tile(slide, level: level, column: column, row: row, downsample: downsamples[level],
                                         isCancelled: isCancelled)
                out.paste(tile, at: (column * side - wanted.x, row * side - wanted.y))
            }
        }
        return out
    }

    /// The slide resampled into the query's pixels through `frame`: the `shown` part of them (query pixels) as a
    /// `pixelWidth` x `pixelHeight` picture, so the match stands upright at the query's scale. The turned region's
    /// bounding box is read at the coarsest level with a pixel per picture pixel; beyond the slide is white.
    func upright(path: String, frame: MatchFrame, shown: PixelRect, pixelWidth: Int, pixelHeight: Int,
                 isCancelled: @Sendable () -> Bool = { false }) throws -> Image {
        let slide = try slide(at: path)
        let downsamples = slide.levels.map(\.downsample)
        let level = SlideViewport.level(forZoom: frame.scale * Double(shown.width) / Double(max(1, pixelWidth)), downsamples: downsamples)
        let bounds = frame.slideBounds(of: shown)
        let x0 = max(0, bounds.x), y0 = max(0, bounds.y)
        let x1 = min(slide.width, bounds.x + bounds.width), y1 = min(slide.height, bounds.y + bounds.height)
        guard x1 > x0, y1 > y0 else { return Image(width: pixelWidth, height: pixelHeight, channels: 3, filledWith: 1) }
        let onSlide = PixelRect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
        let read = try region(path: path, view: SlideView(region: onSlide, level: level), pixelWidth: pixelWidth, pixelHeight: pixelHeight,
                              isCancelled: isCancelled)
        let origin = SlideViewport.levelRegion(of: onSlide, downsample: downsamples[level]), downsample = downsamples[level]
        // Read pixel -> level-0 -> query pixel -> picture pixel is affine: three points give OpenCV's matrix.
        func picture(_ i: Double, _ j: Double) -> (x: Double, y: Double) {
            let q = frame.queryPoint(x: (i + Double(origin.x)) * downsample, y: (j + Double(origin.y)) * downsample)
            return ((q.x - Double(shown.x)) * Double(pixelWidth) / Double(shown.width) - 0.5,
                    (q.y - Double(shown.y)) * Double(pixelHeight) / Double(shown.height) - 0.5)
        }
        let o = picture(0, 0), ex = picture(1, 0), ey = picture(0, 1)
        let transform = AffineTransform(ex.x - o.x, ey.x - o.x, o.x, ex.y - o.y, ey.y - o.y, o.y)
        return read.warped(by: transform, width: pixelWidth, height: pixelHeight, border: [1])
    }

    private func tile(_ slide: Slide, level: Int, column: Int, row: Int, downsample: Double,
                      isCancelled: () -> Bool) throws -> Image {
        let key = TileKey(path: slide.path, level: level, column: column, row: row)
        if let cached = tiles.value(for: key) { return cached }
        if isCancelled() { throw CancellationError() }
        let side = Self.tileSide
        // OpenSlide takes the corner in level-0 pixels and the size in level pixels.
        let tile = try slide.readRegion(level: level, x: Int((Double(column * side) * downsample).rounded()),
                                        y: Int((Double(row * side) * downsample).rounded()), width: side, height: side)
        tiles.insert(tile, for: key, cost: tile.pixels.count * MemoryLayout<Float>.size)
        return tile
    }
}
