/// Where one core lies on a virtual slide: its disc's centre in level-0 slide pixels (continuous coordinates:
/// pixel i spans [i, i + 1)), its rotation about that centre, and for decoys a mirror or transpose of the source.
public struct CorePlacement: Sendable, Equatable {
    /// Index of the source core among the generator's cores.
    public let core: Int
    /// The source core's file stem.
    public let name: String
    /// A decoy is an extra, mirrored or transposed copy of a non-query core that only makes the slide bigger.
    public let isDecoy: Bool
    /// Which of the square's symmetries is applied to the source before rotating (0 = none; bit 0 mirrors x,
    /// bit 1 mirrors y, bit 2 transposes). Only decoys have one.
    public let variant: Int
    /// Rotation in degrees, counter-clockwise as displayed (y down), as `AffineTransform.rotation`.
    public let angleDegrees: Double
    public let centreX: Double
    public let centreY: Double
    /// The source core's size in pixels.
    public let sourceWidth: Int
    public let sourceHeight: Int

    public init(core: Int, name: String, isDecoy: Bool, variant: Int, angleDegrees: Double, centreX: Double,
                centreY: Double, sourceWidth: Int, sourceHeight: Int) {
        self.core = core; self.name = name; self.isDecoy = isDecoy; self.variant = variant
        self.angleDegrees = angleDegrees; self.centreX = centreX; self.centreY = centreY
        self.sourceWidth = sourceWidth; self.sourceHeight = sourceHeight
    }

    /// Radius of the disc: the source's inscribed circle.
    public var radius: Double { Double(min(sourceWidth, sourceHeight)) / 2 }

    /// Source pixel coordinates (continuous) to level-0 slide coordinates, for cores without a variant: the
    /// source centre goes to the disc's centre, rotated by `angleDegrees`.
    public var transform: AffineTransform {
        let cx = Double(sourceWidth) / 2, cy = Double(sourceHeight) / 2
        return AffineTransform.rotation(degrees: angleDegrees, center: (cx, cy), shift: (centreX - cx, centreY - cy))
    }

    /// The source point shown at level-0 slide point (x, y): the inverse of `transform`, then the variant.
    @inline(__always)
    func sourcePoint(x: Double, y: Double, cos c: Double, sin s: Double) -> (x: Double, y: Double) {
        let dx = x - centreX, dy = y - centreY
        var u = c * dx - s * dy, v = s * dx + c * dy
        if variant & 4 != 0 { swap(&u, &v) }
        if variant & 1 != 0 { u = -u }
        if variant & 2 != 0 { v = -v }
        return (Double(sourceWidth) / 2 + u, Double(sourceHeight) / 2 + v)
    }
}
