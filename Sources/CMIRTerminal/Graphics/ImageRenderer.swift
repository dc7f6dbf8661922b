import CMIRKit
import Foundation
import Synchronization

/// Renders image requests into terminal output at a box size: loads the source (picture or
/// representation, through the caller's loader), crops, scales, draws the overlays and encodes.
/// Thread-safe, so the thumbnails of a screen can be rendered on both cores at once.
public final class ImageRenderer: Sendable {
    /// Produces the source image of a request: the picture, or its representation for its role.
    public typealias Loader = @Sendable (_ path: String, _ role: ImageRole, _ layer: ImageLayer) throws -> Image
    /// Reads a part of a slide for a raster of about `pixelWidth` x `pixelHeight` (at the view's level, or one that fills it);
    /// it may stop with `CancellationError` once `isCancelled` says the picture is no longer wanted.
    public typealias SlideLoader = @Sendable (_ path: String, _ view: SlideView, _ layer: ImageLayer,
                                              _ pixelWidth: Int, _ pixelHeight: Int, _ isCancelled: @escaping @Sendable () -> Bool) throws -> Image

    public let mode: GraphicsMode
    public let cell: (width: Int, height: Int)
    private let loader: Loader
    private let slideLoader: SlideLoader?
    private let sources: LRUCache<SourceKey, Image>

    private struct SourceKey: Hashable, Sendable { let path: String; let role: ImageRole; let layer: ImageLayer }

    /// The next kitty image id: every rendering gets its own, starting from a random one so that images a
    /// previous cmir left in the same terminal window are not taken for ours.
    private let nextKittyID = Atomic<UInt32>(UInt32.random(in: 1...0x7000_0000))

    /// `sourceCapacity` decoded images are kept (each a few MB), so moving between screens does not reload.
    /// Requests with a `slide` view go to `slideLoader` (which keeps its own tile cache); without one they fail.
    public init(mode: GraphicsMode, cell: (width: Int, height: Int), sourceCapacity: Int = 32, loader: @escaping Loader,
                slideLoader: SlideLoader? = nil) {
        self.mode = mode
        self.cell = cell
        self.loader = loader
        self.slideLoader = slideLoader
        sources = LRUCache(capacity: sourceCapacity)
    }

    /// The source image of a request (decoded once, then cached).
    public func source(_ request: ImageRequest) throws -> Image {
        let key = SourceKey(path: request.path, role: request.role, layer: request.layer)
        if let cached = sources.value(for: key) { return cached }
        let image = try loader(request.path, request.role, request.layer)
        sources.insert(image, for: key, cost: 1)
        return image
    }

    /// The request drawn as large as fits into `columns` x `rows` cells; nil when graphics are off
    /// or the box is too small to hold anything. A slide's read stops with `CancellationError` once `isCancelled`.
    public func render(_ request: ImageRequest, columns: Int, rows: Int,
                       isCancelled: @escaping @Sendable () -> Bool = { false }) throws -> RenderedImage? {
        if let view = request.slide {
            return try renderSlide(request, view: view, columns: columns, rows: rows, isCancelled: isCancelled)
        }
        let image = try source(request)
        let view = request.crop ?? PixelRect(x: 0, y: 0, width: image.width, height: image.height)
        guard let fitted = ImageFitting.fit(width: view.width, height: view.height, columns: columns, rows: rows,
                                            cell: cell, mode: mode) else { return nil }
        return try encode(image.framed(to: view), size: fitted, overlays: request.overlays, view: view)
    }

    /// A part of a slide: read at the size it is shown, overlays in level-0 pixels.
    private func renderSlide(_ request: ImageRequest, view: SlideView, columns: Int, rows: Int,
                             isCancelled: @escaping @Sendable () -> Bool) throws -> RenderedImage? {
        guard let slideLoader else { throw CMIRError.input("\(request.path): slides cannot be shown here") }
        guard let fitted = ImageFitting.fit(width: view.region.width, height: view.region.height, columns: columns, rows: rows,
                                            cell: cell, mode: mode) else { return nil }
        let picture = try slideLoader(request.path, view, request.layer, fitted.pixelWidth, fitted.pixelHeight, isCancelled)
        if isCancelled() { throw CancellationError() }  // before the encoding, the costliest part of a large view
        return try encode(picture, size: fitted, overlays: request.overlays, view: view.region) { raster in
            if let inset = view.inset {
                try drawInset(inset, of: request.path, on: &raster, slideLoader: slideLoader, isCancelled: isCancelled)
            }
        }
    }

    /// The whole slide small over the raster's bottom-right corner, framed, with its mark. Always the picture, even
    /// when representations are shown: the inset is for finding the place on the slide.
    private func drawInset(_ inset: SlideInset, of path: String, on raster: inout RGB8, slideLoader: SlideLoader,
                           isCancelled: @escaping @Sendable () -> Bool) throws {
        guard let layout = inset.layout(width: raster.width, height: raster.height, margin: borderWidth(raster)) else { return }
        let frame = layout.frame
        let overview = try slideLoader(path, .whole(width: inset.slideWidth, height: inset.slideHeight), .picture, frame.width, frame.height,
                                   isCancelled)
        raster.paste(RGB8(overview, width: frame.width, height: frame.height), x: frame.x, y: frame.y)
        raster.rectangle(frame, colour: .insetFrame)
        raster.rectangle(layout.mark, colour: .highlight, thickness: mode.drawsPixels ? max(1, frame.width / 40) : 1)
    }

    /// Scales `shown` (the `view` part of the overlays' coordinate space) to `fitted`, draws the overlays and then
    /// `finish`'s drawing, encodes.
    private func encode(_ shown: Image, size fitted: FittedSize, overlays: [ImageOverlay], view: PixelRect,
                        finish: (inout RGB8) throws -> Void = { _ in }) throws -> RenderedImage? {
        var raster = RGB8(shown, width: fitted.pixelWidth, height: fitted.pixelHeight)
        draw(overlays, on: &raster, view: view)
        try finish(&raster)
        let payload = try ImageEncoding.payload(raster, size: fitted, mode: mode) {
            nextKittyID.add(1, ordering: .relaxed).newValue
        }
        return payload.map { RenderedImage(payload: $0, size: fitted) }
    }

    /// Draws overlays given in source coordinates onto a raster showing the `view` part of the source.
    func draw(_ overlays: [ImageOverlay], on raster: inout RGB8, view: PixelRect) {
        let sx = Double(raster.width) / Double(view.width), sy = Double(raster.height) / Double(view.height)
        func map(_ x: Double, _ y: Double) -> (x: Double, y: Double) { ((x - Double(view.x)) * sx, (y - Double(view.y)) * sy) }
        let pixelScreen = mode.drawsPixels
        // In character modes lines are a cell or half a cell thick, so that a cell shows them.
        let textCell = pixelScreen ? 0 : ImageFitting.rasterPixelsPerCell(mode).width
        let pen = pixelScreen ? max(2, raster.width / 150) : max(1, textCell / 2)
        for overlay in overlays {
            switch overlay {
            case let .outline(cx, cy, w, h, angle, colour):
                let corners = MatchRegion(x: cx - w / 2, y: cy - h / 2, width: w, height: h, angle: angle).corners.map { map($0.x, $0.y) }
                // Keep the pen inside the raster when the outline runs along the image edge.
                let inset = corners.map { p in
                    (x: min(max(p.x, Double(pen / 2)), Double(raster.width - 1 - pen / 2)),
                     y: min(max(p.y, Double(pen / 2)), Double(raster.height - 1 - pen / 2)))
                }
                raster.polygon(inset, colour: colour, thickness: pen)
            case .markers(let markers):
                let radius = pixelScreen ? max(1.5, Double(raster.width) / 250) : Double(textCell / 2)
                for marker in markers {
                    let p = map(marker.x, marker.y)
                    raster.disc(x: p.x, y: p.y, radius: radius, colour: marker.colour)
                }
            case .border(let colour):
                for i in 0..<borderWidth(raster) {
                    let r = Double(i)
                    raster.polygon([(r, r), (Double(raster.width - 1) - r, r),
                                    (Double(raster.width - 1) - r, Double(raster.height - 1) - r),
                                    (r, Double(raster.height - 1) - r)], colour: colour)
                }
            }
        }
    }

    /// How thick the frame along a raster's edge is (the true match's border): a cell's width in character modes.
    func borderWidth(_ raster: RGB8) -> Int {
        mode.drawsPixels ? max(3, raster.width / 60) : ImageFitting.rasterPixelsPerCell(mode).width
    }
}
