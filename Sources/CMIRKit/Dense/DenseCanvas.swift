/// A file's representation maps on one grid, pooled `step` x `step` further: what the templates are correlated
/// with. Kept as bytes (0: not represented, where fewer than half the pooled map pixels are), so a gigapixel
/// slide's canvas is 62 MB at the finest step; values are read centred on the mean of the represented pixels,
/// which unrepresented ones (and any beyond the edge) take.
struct DenseCanvas: Sendable {
    let width: Int
    let height: Int
    /// Map pixels per canvas pixel, a side.
    let step: Int
    private let bytes: [UInt8]
    private let mean: Float
    /// Variance of the represented pixels' values.
    let variance: Float

    /// The canvas of `maps` on a grid of `mapWidth` x `mapHeight` map pixels.
    init(maps: [RepresentationMap], mapWidth: Int, mapHeight: Int, step: Int) {
        self.step = step
        let width = max(0, mapWidth / step), height = max(0, mapHeight / step)
        var bytes = [UInt8](repeating: 0, count: width * height)
        // At step 1 the maps' bytes are copied as they are: sums and counts there would take six more bytes a
        // pixel of a gigapixel slide's canvas.
        if step == 1 {
            for map in maps { Self.paint(map, into: &bytes, width: width, height: height) }
        } else {
            var sums = [UInt32](repeating: 0, count: width * height), counts = [UInt16](repeating: 0, count: width * height)
            for map in maps {
                for my in 0..<map.height where map.y + my >= 0 && (map.y + my) / step < height {
                    let row = (map.y + my) / step * width
                    for mx in 0..<map.width where map.x + mx >= 0 && (map.x + mx) / step < width {
                        let byte = map.bytes[my * map.width + mx]
                        guard byte != 0 else { continue }
                        sums[row + (map.x + mx) / step] += UInt32(byte)
                        counts[row + (map.x + mx) / step] += 1
                    }
                }
            }
            for i in bytes.indices where Int(counts[i]) * 2 >= step * step {
                bytes[i] = UInt8((Double(sums[i]) / Double(counts[i])).rounded())
            }
        }
        var sum = 0.0, squares = 0.0, count = 0.0
        for byte in bytes where byte != 0 {
            let v = Double(byte) / 255
            sum += v; squares += v * v; count += 1
        }
        let mean = count > 0 ? sum / count : 0
        (self.width, self.height, self.bytes) = (width, height, bytes)
        self.mean = Float(mean)
        variance = count > 0 ? Float(max(0, squares / count - mean * mean)) : 0
    }

    /// Copies a map's represented pixels onto the grid (an earlier map's pixels stay where they overlap).
    private static func paint(_ map: RepresentationMap, into bytes: inout [UInt8], width: Int, height: Int) {
        for my in 0..<map.height where map.y + my >= 0 && map.y + my < height {
            let row = (map.y + my) * width
            for mx in 0..<map.width where map.x + mx >= 0 && map.x + mx < width {
                let byte = map.bytes[my * map.width + mx]
                if byte != 0 && bytes[row + map.x + mx] == 0 { bytes[row + map.x + mx] = byte }
            }
        }
    }

    /// The centred value at (x, y); 0 (the mean) where unrepresented or outside.
    func value(x: Int, y: Int) -> Float {
        guard x >= 0, y >= 0, x < width, y < height else { return 0 }
        let byte = bytes[y * width + x]
        return byte == 0 ? 0 : Float(byte) / 255 - mean
    }

    /// Whether (x, y) is a represented pixel of the canvas.
    func represents(x: Int, y: Int) -> Bool {
        x >= 0 && y >= 0 && x < width && y < height && bytes[y * width + x] != 0
    }

    /// Whether any pixel of the rectangle (clipped to the canvas) is represented.
    func represents(x: Int, y: Int, width w: Int, height h: Int) -> Bool {
        for row in max(0, y)..<max(max(0, y), min(height, y + h)) {
            for column in max(0, x)..<max(max(0, x), min(width, x + w)) where bytes[row * width + column] != 0 { return true }
        }
        return false
    }
}
