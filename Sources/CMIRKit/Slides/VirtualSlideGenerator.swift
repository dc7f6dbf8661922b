import Foundation

/// Writes virtual tissue-microarray slides: each core a disc (the inscribed circle of its image, soft edge) on
/// near-white noisy glass, placed and rotated as `VirtualSlidePlanner` plans, at the cores' own pixel size.
/// A slide is an Aperio-style tiled pyramidal TIFF (.svs): 256 px JPEG tiles, levels halving down to at most
/// 2,048 px, and an ImageDescription with `MPP = <micronsPerPixel>` that OpenSlide reports as
/// `openslide.mpp-x`/`-y`. Slides are rendered tile by tile, so memory does not grow with their size.
public struct VirtualSlideGenerator: Sendable {
    public var planner: VirtualSlidePlanner
    /// Microns per level-0 pixel written into the slides. The BF/SHG data do not record theirs; 0.5 (a 20x
    /// scan) is a nominal, plausible value.
    public var micronsPerPixel: Double
    public var tileSize: Int
    /// JPEG quality of the tiles, 1-100.
    public var jpegQuality: Int

    public init(planner: VirtualSlidePlanner, micronsPerPixel: Double = 0.5, tileSize: Int = 256, jpegQuality: Int = 90) {
        self.planner = planner; self.micronsPerPixel = micronsPerPixel
        self.tileSize = tileSize; self.jpegQuality = jpegQuality
    }

    /// A core to place: its file stem and image (gray, RGB or RGBA).
    public struct Core: Sendable {
        public let name: String
        public let image: Image
        public init(name: String, image: Image) { self.name = name; self.image = image }
    }

    /// Plans the slides for `cores` and writes each as `<directory>/<name>.svs`; returns the layouts.
    /// `queries` names the cores queries come from (never copied as decoys).
    @discardableResult
    public func writeSlides(cores: [Core], queries: Set<String>, to directory: String,
                            progress: any ProgressReporter = SilentProgress()) throws -> [VirtualSlideLayout] {
        let rasters = cores.map { CoreRaster(name: $0.name, image: $0.image, levelCount: Self.rasterLevels) }
        return try writeSlides(rasters: rasters, queries: queries, to: directory, progress: progress)
    }

    /// Pyramid levels kept of every core: enough for any slide's coarsest level (512 px down to 4 px).
    static let rasterLevels = 8

    func writeSlides(rasters: [CoreRaster], queries: Set<String>, to directory: String,
                     progress: any ProgressReporter) throws -> [VirtualSlideLayout] {
        let layouts = planner.plan(cores: rasters.map { .init(name: $0.name, width: $0.width, height: $0.height) },
                                   queries: queries)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw CMIRError.input("\(directory): cannot create the folder")
        }
        let writer = PyramidTIFFWriter(tileSize: tileSize, jpegQuality: jpegQuality)
        for layout in layouts {
            let renderer = VirtualSlideRenderer(layout: layout, cores: rasters, seed: planner.seed)
            let path = (directory as NSString).appendingPathComponent(layout.name + ".svs")
            let tileSize = self.tileSize
            try writer.write(to: path, width: layout.width, height: layout.height, levelCount: layout.levelCount,
                             description: description(of: layout), micronsPerPixel: micronsPerPixel,
                             tile: { level, column, row, width, height, buffer in
                                 renderer.render(level: level, column: column, row: row, tileSize: tileSize,
                                                 levelWidth: width, levelHeight: height, into: buffer)
                             },
                             rowDone: { done, total in
                                 progress.report(stage: "slide \(layout.name)", done: done, total: total, detail: "")
                             })
        }
        return layouts
    }

    /// Aperio's ImageDescription: a first line starting "Aperio", then `key = value` fields after `|`; OpenSlide
    /// turns them into `aperio.*` properties and `aperio.MPP` into `openslide.mpp-x`/`-y`.
    func description(of layout: VirtualSlideLayout) -> String {
        let magnification = Int((10 / micronsPerPixel).rounded())
        return "Aperio Image Library (cmir virtual TMA)\r\n\(layout.width)x\(layout.height) (\(tileSize)x\(tileSize)) JPEG/RGB Q=\(jpegQuality)"
            + "|AppMag = \(magnification)|MPP = \(micronsPerPixel)|Filename = \(layout.name)"
            + "|Generator = cmir make-slides|Seed = \(planner.seed)|Cores = \(layout.placements.count)"
    }
}
