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

    /// The pieces of tissue (8-connected on the mask): each piece's bounding box and its area, in level-0 pixels.
    func pieces() -> [(box: PixelRect, area: Double)] {
        var seen = [Bool](repeating: false, count: tissue.count)
        var pieces: [(box: PixelRect, area: Double)] = []
        for start in tissue.indices where tissue[start] && !seen[start] {
            var stack = [start], count = 0
            var (left, top, right, bottom) = (start % width, start / width, start % width, start / width)
            seen[start] = true
            while let i = stack.popLast() {
                let (px, py) = (i % width, i / width)
                count += 1
                (left, top, right, bottom) = (min(left, px), min(top, py), max(right, px), max(bottom, py))
                for ny in max(0, py - 1)...min(height - 1, py + 1) { for nx in max(0, px - 1)...min(width - 1, px + 1) {
                    let k = ny * width + nx
                    if tissue[k] && !seen[k] { seen[k] = true; stack.append(k) }
                } }
            }
            let x0 = Int(Double(left) * downsample), y0 = Int(Double(top) * downsample)
            let x1 = Int((Double(right + 1) * downsample).rounded(.up)), y1 = Int((Double(bottom + 1) * downsample).rounded(.up))
            pieces.append((PixelRect(x: x0, y: y0, width: x1 - x0, height: y1 - y0), Double(count) * downsample * downsample))
        }
        return pieces
    }
}
