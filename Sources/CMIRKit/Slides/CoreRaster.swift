/// One source core image held for rendering: 8-bit RGB at each pyramid level the slides need (level k shrunk
/// by 2^k with area averaging), so that every level of a slide is rendered from a matching resolution and a
/// few dozen cores cost a few tens of megabytes whatever the slide's size.
struct CoreRaster: Sendable {
    struct Level: Sendable {
        let width: Int
        let height: Int
        /// Source (level-0) pixels per pixel of this level, in x and y.
        let scaleX: Double
        let scaleY: Double
        /// Interleaved RGB.
        let rgb: [UInt8]
    }

    let name: String
    let width: Int
    let height: Int
    let levels: [Level]

    /// `image` (gray, RGB or RGBA; alpha is dropped) at `levelCount` levels.
    init(name: String, image: Image, levelCount: Int) {
        self.name = name
        width = image.width
        height = image.height
        levels = (0..<max(1, levelCount)).map { k in
            let w = max(1, image.width >> k), h = max(1, image.height >> k)
            let shrunk = image.resized(width: w, height: h)
            var rgb = [UInt8](repeating: 0, count: w * h * 3)
            let n = w * h
            for i in 0..<n {
                for c in 0..<3 {
                    let plane = shrunk.channels >= 3 ? c : 0
                    rgb[i * 3 + c] = UInt8((min(max(shrunk.pixels[plane * n + i], 0), 1) * 255).rounded())
                }
            }
            return Level(width: w, height: h, scaleX: Double(image.width) / Double(w),
                         scaleY: Double(image.height) / Double(h), rgb: rgb)
        }
    }

    /// The centre of the core in source pixels (continuous coordinates: pixel i spans [i, i + 1)).
    var centre: (x: Double, y: Double) { (Double(width) / 2, Double(height) / 2) }

    /// Radius of the disc cut from the core: the image's inscribed circle.
    var radius: Double { Double(min(width, height)) / 2 }

    /// Bilinear RGB in [0, 255] at the source point (x, y) (continuous level-0 source coordinates), read from
    /// `level`; points outside are clamped to the border.
    @inline(__always)
    func sample(level k: Int, x: Double, y: Double) -> (Float, Float, Float) {
        let level = levels[min(k, levels.count - 1)]
        let u = min(max(x / level.scaleX - 0.5, 0), Double(level.width - 1))
        let v = min(max(y / level.scaleY - 0.5, 0), Double(level.height - 1))
        let x0 = Int(u), y0 = Int(v)
        let x1 = min(x0 + 1, level.width - 1), y1 = min(y0 + 1, level.height - 1)
        let fx = Float(u - Double(x0)), fy = Float(v - Double(y0))
        return level.rgb.withUnsafeBufferPointer { p in
            func at(_ x: Int, _ y: Int, _ c: Int) -> Float { Float(p[(y * level.width + x) * 3 + c]) }
            func channel(_ c: Int) -> Float {
                let top = at(x0, y0, c) + (at(x1, y0, c) - at(x0, y0, c)) * fx
                let bottom = at(x0, y1, c) + (at(x1, y1, c) - at(x0, y1, c)) * fx
                return top + (bottom - top) * fy
            }
            return (channel(0), channel(1), channel(2))
        }
    }
}
