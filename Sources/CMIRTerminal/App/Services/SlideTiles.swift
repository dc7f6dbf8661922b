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
    func region(path: String, view: SlideView, pixelWidth: Int, pixelHeight: Int) throws -> Image {
        let slide = try slide(at: path)
        let downsamples = slide.levels.map(\.downsample)
        let zoom = min(Double(view.region.width) / Double(max(1, pixelWidth)), Double(view.region.height) / Double(max(1, pixelHeight)))
        let level = min(view.level ?? SlideViewport.level(forZoom: zoom, downsamples: downsamples), downsamples.count - 1)
        let wanted = SlideViewport.levelRegion(of: view.region, downsample: downsamples[level])
        var out = Image(width: wanted.width, height: wanted.height, channels: 3, filledWith: 1)
        let side = Self.tileSide
        for row in (wanted.y / side)...((wanted.y + wanted.height - 1) / side) {
            for column in (wanted.x / side)...((wanted.x + wanted.width - 1) / side) {
                let tile = try self.tile(slide, level: level, column: column, row: row, downsample: downsamples[level])
                copy(tile, at: (column * side, row * side), into: &out, origin: (wanted.x, wanted.y))
            }
        }
        return out
    }

    private func tile(_ slide: Slide, level: Int, column: Int, row: Int, downsample: Double) throws -> Image {
        let key = TileKey(path: slide.path, level: level, column: column, row: row)
        if let cached = tiles.value(for: key) { return cached }
        let side = Self.tileSide
        // OpenSlide takes the corner in level-0 pixels and the size in level pixels.
        let tile = try slide.readRegion(level: level, x: Int((Double(column * side) * downsample).rounded()),
                                        y: Int((Double(row * side) * downsample).rounded()), width: side, height: side)
        tiles.insert(tile, for: key, cost: tile.pixels.count * MemoryLayout<Float>.size)
        return tile
    }

    /// Copies the overlap of a tile whose top-left level pixel is `at` into `out`, whose top-left is `origin`.
    private func copy(_ tile: Image, at: (x: Int, y: Int), into out: inout Image, origin: (x: Int, y: Int)) {
        let x0 = max(at.x, origin.x), x1 = min(at.x + tile.width, origin.x + out.width)
        let y0 = max(at.y, origin.y), y1 = min(at.y + tile.height, origin.y + out.height)
        guard x1 > x0, y1 > y0 else { return }
        let tilePlane = tile.pixelCount, outPlane = out.pixelCount
        for channel in 0..<3 {
            for y in y0..<y1 {
                let source = channel * tilePlane + (y - at.y) * tile.width + (x0 - at.x)
                let target = channel * outPlane + (y - origin.y) * out.width + (x0 - origin.x)
                out.pixels.replaceSubrange(target..<(target + x1 - x0), with: tile.pixels[source..<(source + x1 - x0)])
            }
        }
    }
}
