import Foundation

/// Renders any tile of any level of a virtual slide from its core placements, so a slide is written tile by
/// tile and never held whole. Level k is drawn at 1/2^k of level 0 from the cores' own level-k copies.
struct VirtualSlideRenderer: Sendable {
    let layout: VirtualSlideLayout
    let cores: [CoreRaster]
    /// Seeds the glass noise, which depends only on the pixel, so tiles come out the same in any order.
    let seed: UInt64

    /// Near-white, faintly blue glass, 0-255.
    static let glass: (Float, Float, Float) = (236, 236, 240)
    /// Peak-to-peak amplitude of the glass noise, 0-255.
    static let noise: Float = 6
    /// Width of the disc's soft edge in level-0 pixels.
    static let edge = 3.0

    /// Draws the tile at (column, row) of `level` (of size levelWidth x levelHeight) into `rgb`, tileSize x tileSize
    /// interleaved RGB; pixels beyond the level's edge are glass. Allocates nothing, so parallel tiles do not
    /// grow the heap.
    func render(level: Int, column: Int, row: Int, tileSize: Int, levelWidth: Int, levelHeight: Int,
                into rgb: UnsafeMutableBufferPointer<UInt8>) {
        let scale = Double(1 << level)
        let x0 = column * tileSize, y0 = row * tileSize
        for y in 0..<tileSize {
            for x in 0..<tileSize {
                let g = glassNoise(level: level, x: x0 + x, y: y0 + y)
                let i = (y * tileSize + x) * 3
                rgb[i] = Self.byte(Self.glass.0 + g)
                rgb[i + 1] = Self.byte(Self.glass.1 + g)
                rgb[i + 2] = Self.byte(Self.glass.2 + g)
            }
        }
        for placement in layout.placements {
            draw(placement, level: level, scale: scale, origin: (x0, y0), tileSize: tileSize,
                 limit: (levelWidth, levelHeight), into: rgb)
        }
    }

    @inline(__always)
    private static func byte(_ value: Float) -> UInt8 { UInt8(min(max(value, 0), 255).rounded()) }

    /// Blends one core's disc into the tile where they overlap.
    private func draw(_ placement: CorePlacement, level: Int, scale: Double, origin: (x: Int, y: Int), tileSize: Int,
                      limit: (width: Int, height: Int), into rgb: UnsafeMutableBufferPointer<UInt8>) {
        let r = placement.radius, reach = r + Self.edge
        let xLow = max(origin.x, Int(((placement.centreX - reach) / scale).rounded(.down)))
        let xHigh = min(origin.x + tileSize, limit.width, Int(((placement.centreX + reach) / scale).rounded(.up)) + 1)
        let yLow = max(origin.y, Int(((placement.centreY - reach) / scale).rounded(.down)))
        let yHigh = min(origin.y + tileSize, limit.height, Int(((placement.centreY + reach) / scale).rounded(.up)) + 1)
        guard xLow < xHigh, yLow < yHigh else { return }
        let a = placement.angleDegrees * .pi / 180, c = cos(a), s = sin(a)
        let core = cores[placement.core]
        let softness = max(Self.edge, scale)
        for py in yLow..<yHigh {
            let sy = (Double(py) + 0.5) * scale
            for px in xLow..<xHigh {
                let sx = (Double(px) + 0.5) * scale
                let dx = sx - placement.centreX, dy = sy - placement.centreY
                let distance = (dx * dx + dy * dy).squareRoot()
                let alpha = Float(min(max((r - distance) / softness + 0.5, 0), 1))
                if alpha == 0 { continue }
                let source = placement.sourcePoint(x: sx, y: sy, cos: c, sin: s)
                let value = core.sample(level: level, x: source.x, y: source.y)
                let i = ((py - origin.y) * tileSize + (px - origin.x)) * 3
                rgb[i] = Self.byte(Float(rgb[i]) + alpha * (value.0 - Float(rgb[i])))
                rgb[i + 1] = Self.byte(Float(rgb[i + 1]) + alpha * (value.1 - Float(rgb[i + 1])))
                rgb[i + 2] = Self.byte(Float(rgb[i + 2]) + alpha * (value.2 - Float(rgb[i + 2])))
            }
        }
    }

    /// Uniform noise in [-noise/2, noise/2) from a hash of the seed, level and pixel.
    @inline(__always)
    private func glassNoise(level: Int, x: Int, y: Int) -> Float {
        var z = seed &+ UInt64(truncatingIfNeeded: level) &* 0x9E37_79B9_7F4A_7C15
        z ^= UInt64(truncatingIfNeeded: x) &* 0xBF58_476D_1CE4_E5B9
        z ^= UInt64(truncatingIfNeeded: y) &* 0x94D0_49BB_1331_11EB
        z = (z ^ (z >> 31)) &* 0xD6E8_FEB8_6659_FD93
        z ^= z >> 32
        return (Float(z & 0xFFFF) / 65536 - 0.5) * Self.noise
    }
}
