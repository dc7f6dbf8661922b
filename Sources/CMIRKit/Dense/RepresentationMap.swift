/// A representation pooled to one byte per `factor` x `factor` block of pixels: what the dense stage compares
/// (`DenseStage`). Bytes 1...255 stand for the representation's stretched range 0...1 (clamped), 0 for "not
/// represented" (glass between a slide's boxes of tissue). Map pixel (i, j) of a file covers its indexed pixels
/// `factor * i ..< factor * (i + 1)` across and likewise down, so the maps of a slide's boxes and cells line up.
public struct RepresentationMap: Sendable, Equatable {
    /// Indexed pixels per map pixel, a side.
    static let factor = 4

    /// Position of the map's first pixel on the file's map grid, and its size, in map pixels.
    var x: Int
    var y: Int
    let width: Int
    let height: Int
    var bytes: [UInt8]

    init(x: Int, y: Int, width: Int, height: Int, bytes: [UInt8]) {
        precondition(bytes.count == width * height, "map size does not match its bytes")
        (self.x, self.y, self.width, self.height, self.bytes) = (x, y, width, height, bytes)
    }

    /// The map of `rect` (the file's indexed pixels) pooled from `image`, a representation whose pixel (0, 0) lies
    /// at `origin` of the file: the grid's blocks that lie wholly inside `rect`; nil when none does.
    static func pooling(_ image: Image, origin: (x: Int, y: Int), covering rect: PixelRect) -> RepresentationMap? {
        let f = factor
        let x0 = (rect.x + f - 1).floorDivided(by: f), y0 = (rect.y + f - 1).floorDivided(by: f)
        let x1 = (rect.x + rect.width).floorDivided(by: f), y1 = (rect.y + rect.height).floorDivided(by: f)
        guard x1 > x0, y1 > y0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: (x1 - x0) * (y1 - y0))
        for my in y0..<y1 {
            for mx in x0..<x1 {
                var sum: Float = 0, count = 0
                for py in (my * f - origin.y)..<((my + 1) * f - origin.y) where py >= 0 && py < image.height {
                    for px in (mx * f - origin.x)..<((mx + 1) * f - origin.x) where px >= 0 && px < image.width {
                        sum += image.pixels[py * image.width + px]
                        count += 1
                    }
                }
                if count > 0 { bytes[(my - y0) * (x1 - x0) + mx - x0] = Self.byte(sum / Float(count)) }
            }
        }
        return RepresentationMap(x: x0, y: y0, width: x1 - x0, height: y1 - y0, bytes: bytes)
    }

    /// The part of the maps (earlier ones first where they overlap) that covers `rect` of the file's indexed
    /// pixels (its corner on the grid); nil when none of them reaches it.
    static func cut(_ maps: [RepresentationMap], covering rect: PixelRect) -> RepresentationMap? {
        let f = factor
        let x0 = rect.x / f, y0 = rect.y / f
        let width = (rect.width + f - 1) / f, height = (rect.height + f - 1) / f
        var cut = RepresentationMap(x: x0, y: y0, width: width, height: height, bytes: [UInt8](repeating: 0, count: width * height))
        var reached = false
        for map in maps.reversed() {
            for my in max(y0, map.y)..<max(max(y0, map.y), min(y0 + height, map.y + map.height)) {
                for mx in max(x0, map.x)..<max(max(x0, map.x), min(x0 + width, map.x + map.width)) {
                    let value = map.bytes[(my - map.y) * map.width + mx - map.x]
                    if value != 0 { cut.bytes[(my - y0) * width + mx - x0] = value; reached = true }
                }
            }
        }
        return reached ? cut : nil
    }

    /// A representation value as a byte (0 is kept for "not represented").
    static func byte(_ value: Float) -> UInt8 {
        UInt8(1 + (min(1, max(0, value)) * 254).rounded())
    }
}

extension Int {
    /// The quotient rounded towards minus infinity (Swift's `/` rounds towards zero).
    func floorDivided(by divisor: Int) -> Int {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }
}
