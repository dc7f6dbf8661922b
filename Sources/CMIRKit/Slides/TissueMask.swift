/// Where a slide holds tissue, judged on its coarsest level: glass is bright and colourless, stained tissue is
/// coloured or dark. Read in strips, so memory stays bounded by one strip and the mask itself.
struct TissueMask: Sendable {
    /// The mask's size (the coarsest level's) and its level-0 pixels per mask pixel.
    let width: Int
    let height: Int
    let downsample: Double
    private let tissue: [Bool]

    /// Colour spread (max - min of R, G, B in [0, 1]) above which a pixel is tissue, and brightness below which it is.
    static let spread: Float = 0.08
    static let brightness: Float = 0.75
    /// Largest coarsest level read for the mask.
    static let maximumPixels = 64_000_000

    init(slide: Slide) throws {
        let top = slide.levels.count - 1
        let level = slide.levels[top]
        guard level.width * level.height <= Self.maximumPixels else {
            throw CMIRError.input("\(slide.path): no level small enough to find its tissue on (the smallest is \(level.width) x \(level.height))")
        }
        let (width, height, downsample) = (level.width, level.height, level.downsample)
        var tissue = [Bool](repeating: false, count: width * height)
        let strip = max(1, 1_048_576 / max(1, width))
        for y0 in stride(from: 0, to: height, by: strip) {
            let rows = min(strip, height - y0)
            let region = try slide.readRegion(level: top, x: 0, y: Int(Double(y0) * downsample), width: width, height: rows)
            let n = width * rows
            region.pixels.withUnsafeBufferPointer { p in
                for i in 0..<n {
                    let r = p[i], g = p[n + i], b = p[2 * n + i]
                    let spread = max(r, g, b) - min(r, g, b)
                    tissue[y0 * width + i] = spread > Self.spread || (r + g + b) / 3 < Self.brightness
                }
            }
        }
        self.width = width
        self.height = height
        self.downsample = downsample
        self.tissue = tissue
    }

    /// The share of the whole slide that is tissue.
    var fraction: Double {
        Double(tissue.reduce(0) { $0 + ($1 ? 1 : 0) }) / Double(max(1, tissue.count))
    }

    /// The pieces of tissue (8-connected on the mask) within a rectangle of level-0 pixels, cut at its edges: each
    /// piece's bounding box in level-0 pixels (clipped to the rectangle) and its area in level-0 pixels.
    func pieces(inLevelZero rect: PixelRect) -> [(box: PixelRect, area: Double)] {
        let x0 = max(0, Int(Double(rect.x) / downsample)), y0 = max(0, Int(Double(rect.y) / downsample))
        let x1 = min(width, Int((Double(rect.x + rect.width) / downsample).rounded(.up)))
        let y1 = min(height, Int((Double(rect.y + rect.height) / downsample).rounded(.up)))
        guard x1 > x0, y1 > y0 else { return [] }
        var seen = [Bool](repeating: false, count: (x1 - x0) * (y1 - y0))
        var pieces: [(box: PixelRect, area: Double)] = []
        for y in y0..<y1 { for x in x0..<x1 where tissue[y * width + x] && !seen[(y - y0) * (x1 - x0) + x - x0] {
            var stack = [(x, y)], count = 0
            var (left, top, right, bottom) = (x, y, x, y)
            seen[(y - y0) * (x1 - x0) + x - x0] = true
            while let (px, py) = stack.popLast() {
                count += 1
                (left, top, right, bottom) = (min(left, px), min(top, py), max(right, px), max(bottom, py))
                for ny in max(y0, py - 1)...min(y1 - 1, py + 1) { for nx in max(x0, px - 1)...min(x1 - 1, px + 1) {
                    let k = (ny - y0) * (x1 - x0) + nx - x0
                    if tissue[ny * width + nx] && !seen[k] { seen[k] = true; stack.append((nx, ny)) }
                } }
            }
            let boxX = max(rect.x, Int(Double(left) * downsample)), boxY = max(rect.y, Int(Double(top) * downsample))
            let boxRight = min(rect.x + rect.width, Int((Double(right + 1) * downsample).rounded(.up)))
            let boxBottom = min(rect.y + rect.height, Int((Double(bottom + 1) * downsample).rounded(.up)))
            pieces.append((PixelRect(x: boxX, y: boxY, width: boxRight - boxX, height: boxBottom - boxY),
                           Double(count) * downsample * downsample))
        } }
        return pieces
    }
}
