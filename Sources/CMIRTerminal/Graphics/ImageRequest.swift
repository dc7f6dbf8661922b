import CMIRKit
import Foundation

/// Which side of the search an image belongs to: it decides which network represents it.
public enum ImageRole: Hashable, Sendable {
    case repository, query
}

/// What of an image is shown: the picture itself or its representation (CoMIR or raw, as the index uses).
public enum ImageLayer: Hashable, Sendable {
    case picture, representation
}

/// A point marked on an image (a visual word's position), in source-image pixels.
public struct ImageMarker: Hashable, Sendable {
    public var x: Double, y: Double
    public var colour: OverlayColour
    public init(x: Double, y: Double, colour: OverlayColour) { self.x = x; self.y = y; self.colour = colour }
}

/// A drawing over an image, in source-image pixel coordinates, scaled with the image when shown.
public enum ImageOverlay: Hashable, Sendable {
    /// The outline of a rectangle with this centre and size, turned by `angle` degrees counter-clockwise
    /// as displayed (OpenCV's convention): a crop or a matched region.
    case outline(centreX: Double, centreY: Double, width: Double, height: Double, angle: Double, colour: OverlayColour)
    /// Dots at visual word positions.
    case markers([ImageMarker])
    /// A frame along the edge of the shown image (marks the true match).
    case border(OverlayColour)

    /// The outline of where a query lies in a repository image: a `width` x `height` rectangle whose
    /// unturned top-left corner is (x, y), turned by `angle` degrees counter-clockwise as displayed about
    /// its centre (as the fast re-ranker reports regions).
    public static func footprint(_ region: MatchRegion, colour: OverlayColour) -> ImageOverlay {
        .outline(centreX: region.x + region.width / 2, centreY: region.y + region.height / 2,
                 width: region.width, height: region.height, angle: region.angle, colour: colour)
    }

    /// The matched region of a place on a slide, as the viewer and the result tiles draw it: green when verified,
    /// yellow when not; nil without a region.
    public static func placeOutline(of match: Match) -> ImageOverlay? {
        match.region.map { .footprint($0, colour: match.verified ? .trueMatch : .highlight) }
    }

    /// An axis-aligned outline of a pixel rectangle.
    public static func outline(_ rect: PixelRect, colour: OverlayColour) -> ImageOverlay {
        .outline(centreX: Double(rect.x) + Double(rect.width) / 2, centreY: Double(rect.y) + Double(rect.height) / 2,
                 width: Double(rect.width), height: Double(rect.height), angle: 0, colour: colour)
    }
}

/// Everything that decides an image's pixels on screen except its size: equal requests give equal pixels,
/// which is what the render cache and the redraw planner rely on.
public struct ImageRequest: Hashable, Sendable {
    public var path: String
    public var role: ImageRole
    public var layer: ImageLayer
    /// Only this part of the image is shown (nil: all of it), black where it reaches beyond the image's edges;
    /// overlays stay in full-image coordinates.
    public var crop: PixelRect?
    public var overlays: [ImageOverlay]
    /// For a whole slide: the part read and shown (`crop` is then unused).
    public var slide: SlideView?

    public init(path: String, role: ImageRole, layer: ImageLayer = .picture, crop: PixelRect? = nil,
                overlays: [ImageOverlay] = [], slide: SlideView? = nil) {
        self.path = path; self.role = role; self.layer = layer; self.crop = crop; self.overlays = overlays; self.slide = slide
    }
}

/// An image to draw inside a box of cells. The box is reserved for it: views keep text out of it.
public struct ImagePlacement: Hashable, Sendable {
    public var box: CellRect
    public var image: ImageRequest
    public init(box: CellRect, image: ImageRequest) { self.box = box; self.image = image }
}

/// Crops are part of a request's identity.
extension PixelRect: Hashable {
    public func hash(into hasher: inout Hasher) {
        hasher.combine(x); hasher.combine(y); hasher.combine(width); hasher.combine(height)
    }
}
