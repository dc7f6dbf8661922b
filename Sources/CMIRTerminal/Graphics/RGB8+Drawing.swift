import CMIRKit

/// A colour of an overlay drawn into a raster.
public struct OverlayColour: Hashable, Sendable {
    public var red: UInt8, green: UInt8, blue: UInt8
    public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) { self.red = red; self.green = green; self.blue = blue }

    /// The crop rectangle and matched regions: a yellow that stands out on both H&E and SHG images.
    public static let highlight = OverlayColour(255, 214, 0)
    /// The true match (where the query's name pairs with a repository image).
    public static let trueMatch = OverlayColour(40, 220, 90)
    /// The frame of a slide's overview inset into a result tile: dark, to part it from the tissue around it.
    public static let insetFrame = OverlayColour(20, 20, 20)

    /// A well-spread, saturated colour for an integer (visual word ids), stable across runs.
    public static func distinct(_ value: Int) -> OverlayColour {
        let hue = Double(UInt32(truncatingIfNeeded: value &* 2_654_435_761) % 360) / 60
        let x = 1 - abs(hue.truncatingRemainder(dividingBy: 2) - 1)
        let (r, g, b): (Double, Double, Double) = switch Int(hue) {
        case 0: (1, x, 0)
        case 1: (x, 1, 0)
        case 2: (0, 1, x)
        case 3: (0, x, 1)
        case 4: (x, 0, 1)
        default: (1, 0, x)
        }
        return OverlayColour(UInt8(r * 255), UInt8(g * 255), UInt8(b * 255))
    }
}

/// Simple vector drawing into rasters, for the outlines and word markers drawn over images.
extension RGB8 {
    /// Sets one pixel; points outside the raster are ignored.
    public mutating func plot(_ x: Int, _ y: Int, _ colour: OverlayColour) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let i = (y * width + x) * 3
        bytes[i] = colour.red; bytes[i + 1] = colour.green; bytes[i + 2] = colour.blue
    }

    /// A straight line `thickness` pixels wide (a square pen), clipped to the raster.
    public mutating func line(from a: (x: Double, y: Double), to b: (x: Double, y: Double),
                              colour: OverlayColour, thickness: Int = 1) {
        let steps = Int(max(abs(b.x - a.x), abs(b.y - a.y)).rounded(.up)) + 1
        let pen = max(1, thickness), low = -(pen - 1) / 2
        for step in 0...steps {
            let t = steps == 0 ? 0 : Double(step) / Double(steps)
            let x = Int((a.x + (b.x - a.x) * t).rounded(.down)), y = Int((a.y + (b.y - a.y) * t).rounded(.down))
            for dy in low..<(low + pen) { for dx in low..<(low + pen) { plot(x + dx, y + dy, colour) } }
        }
    }

    /// A closed outline through `corners`.
    public mutating func polygon(_ corners: [(x: Double, y: Double)], colour: OverlayColour, thickness: Int = 1) {
        for i in corners.indices {
            line(from: corners[i], to: corners[(i + 1) % corners.count], colour: colour, thickness: thickness)
        }
    }

    /// The outline of a rectangle of whole pixels, its edges on the rectangle's outermost pixels.
    public mutating func rectangle(_ rect: PixelRect, colour: OverlayColour, thickness: Int = 1) {
        let pen = max(1, thickness), x0 = Double(rect.x), y0 = Double(rect.y)
        // The square pen reaches (pen - 1) / 2 pixels before and pen / 2 after the path.
        let x1 = Double(rect.x + rect.width - 1), y1 = Double(rect.y + rect.height - 1), before = Double((pen - 1) / 2), after = Double(pen / 2)
        polygon([(x0 + before, y0 + before), (x1 - after, y0 + before), (x1 - after, y1 - after), (x0 + before, y1 - after)],
                colour: colour, thickness: pen)
    }

    /// Copies `other` with its top-left pixel at (x, y); what falls outside is left out.
    public mutating func paste(_ other: RGB8, x: Int, y: Int) {
        let x0 = max(0, x), x1 = min(width, x + other.width)
        guard x1 > x0 else { return }
        for row in max(0, y)..<max(max(0, y), min(height, y + other.height)) {
            let target = (row * width + x0) * 3, source = ((row - y) * other.width + (x0 - x)) * 3
            bytes.replaceSubrange(target..<(target + (x1 - x0) * 3), with: other.bytes[source..<(source + (x1 - x0) * 3)])
        }
    }

    /// A filled disc of `radius` pixels around (x, y).
    public mutating func disc(x: Double, y: Double, radius: Double, colour: OverlayColour) {
        let r = Int(radius.rounded(.up))
        let cx = Int(x.rounded(.down)), cy = Int(y.rounded(.down))
        for dy in -r...r { for dx in -r...r where Double(dx * dx + dy * dy) <= radius * radius { plot(cx + dx, cy + dy, colour) } }
    }
}
