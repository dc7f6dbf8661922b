/// How a slide is indexed: the level whose pixels fit the queries' is cut into a grid of tiles, and of each tile
/// only boxes around its tissue (`TissueBoxes`) are read, each with a margin on every side so that the network and
/// the feature windows see whole neighbourhoods; a feature is kept only from its box's interior, so every place of
/// tissue is covered once. Features are filed in square cells, the slide's places.
struct SlideTiling: Sendable {
    /// Side of a tile, the margin read around a box, the box's padding around its tissue, and the side of a cell,
    /// in pixels of the indexed level.
    static let tile = 1024
    static let margin = 96
    static let pad = 16
    static let cell = 256
    /// Least piece of tissue (on the mask) that is read, as a share of a tile.
    static let minimumTissue = 0.002

    let representation: any Representation
    let extractor: any FeatureExtractor

    /// The slide's features (positions in pixels of the indexed level), how it was indexed, and whether only a
    /// sample of its tiles was read.
    /// `micronsPerPixel` stands in for a slide that does not record its pixel size; with the queries' pixel size
    /// known too, the coarsest level no coarser than the queries is indexed, else level 0. Throws `.input` for a
    /// slide without tissue. `tileLimit` reads only that many tiles of tissue, evenly spread (a sample for the
    /// vocabulary).
    func extract(_ slide: Slide, micronsPerPixel: Double?, queryMicronsPerPixel: Double?, tileLimit: Int? = nil) throws
        -> (features: [Feature], details: SlideDetails, sampled: Bool) {
        let mask = try TissueMask(slide: slide)
        let slidePixel = slide.micronsPerPixel.map { ($0.x + $0.y) / 2 } ?? micronsPerPixel
        let level = Self.level(of: slide, micronsPerPixel: slidePixel, queryMicronsPerPixel: queryMicronsPerPixel)
        let scale = slide.levels[level].downsample
        let (width, height) = (slide.levels[level].width, slide.levels[level].height)
        let minimumArea = Self.minimumTissue * Double(Self.tile * Self.tile) * scale * scale
        var tiles = stride(from: 0, to: height, by: Self.tile).flatMap { y in
            stride(from: 0, to: width, by: Self.tile).map { x in
                TissueBoxes.boxes(in: PixelRect(x: x, y: y, width: Self.tile, height: Self.tile), mask: mask, scale: scale,
                                  margin: Self.margin, pad: Self.pad, minimumArea: minimumArea)
            }
        }.filter { !$0.isEmpty }
        guard !tiles.isEmpty else { throw CMIRError.input("\(slide.path): no tissue found (the slide looks like bare glass)") }
        let sampled = tileLimit.map { tiles.count > $0 } ?? false
        if sampled, let tileLimit {
            tiles = (0..<tileLimit).map { tiles[$0 * tiles.count / tileLimit] }
        }
        let boxes = tiles.flatMap { $0 }
        let perBox = ParallelMap.results(boxes.count) { i in
            try self.features(of: boxes[i], level: level, in: slide, width: width, height: height)
        }
        var features: [Feature] = []
        for result in perBox { features += try result.get() }
        let details = SlideDetails(level: level, scale: scale, micronsPerPixel: slidePixel, tissueFraction: mask.fraction, cell: Self.cell)
        return (features, details, sampled)
    }

    /// The coarsest level whose pixels are no larger than the queries' (within 5 %); level 0 unless both pixel
    /// sizes are known.
    static func level(of slide: Slide, micronsPerPixel: Double?, queryMicronsPerPixel: Double?) -> Int {
        guard let micronsPerPixel, let queryMicronsPerPixel else { return 0 }
        let wanted = queryMicronsPerPixel / micronsPerPixel * 1.05
        return slide.levels.indices.last { slide.levels[$0].downsample <= wanted } ?? 0
    }

    /// The features of one box's interior, in pixels of `level` (`width` x `height`).
    private func features(of box: PixelRect, level: Int, in slide: Slide, width: Int, height: Int) throws -> [Feature] {
        let x0 = box.x - Self.margin, y0 = box.y - Self.margin
        let scale = slide.levels[level].downsample
        let pixels = try slide.readRegion(level: level, x: Int((Double(x0) * scale).rounded()), y: Int((Double(y0) * scale).rounded()),
                                          width: box.width + 2 * Self.margin, height: box.height + 2 * Self.margin)
        let columns = Float(Self.margin)..<Float(Self.margin + box.width)
        let rows = Float(Self.margin)..<Float(Self.margin + box.height)
        return extractor.extract(from: try representation.represent(pixels)).compactMap { feature in
            guard columns.contains(feature.x), rows.contains(feature.y) else { return nil }
            var placed = feature
            placed.x += Float(x0); placed.y += Float(y0)
            return placed.x < Float(width) && placed.y < Float(height) ? placed : nil
        }
    }
}
