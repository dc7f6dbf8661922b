/// How a slide is indexed: of the level whose pixels fit the queries', boxes around its tissue of at most a tile a
/// side (`TissueBoxes`) are read, each with a margin on every side so that the network and the feature windows see
/// whole neighbourhoods; a feature is kept only from its box's interior (and from the first box that holds it), so
/// every place of tissue is covered once. Features are filed in square cells, the slide's places.
/// Only the network's receptive margin is read and represented; the feature windows' wider margin is the
/// representation mirrored outward (docs/decisions.md, "The margin read around a slide's boxes").
struct SlideTiling: Sendable {
    /// Largest side of a box, the margin of context the features see around it, its padding around the tissue, and
    /// the side of a cell, in pixels of the indexed level.
    static let tile = 1024
    static let margin = 96
    static let pad = 16
    static let cell = 256
    /// Least piece of tissue (on the mask) that is read, as a share of a tile's area.
    static let minimumTissue = 0.002

    let representation: any Representation
    let extractor: any FeatureExtractor

    /// The slide's features (positions in pixels of the indexed level), box by box through `each` as soon as a box
    /// is done (boxes in parallel; only `each`'s results are kept, so a large slide's features are never all in
    /// memory at once), the representation maps of the boxes' interiors (in box order), how it was indexed, and
    /// whether only a sample of its tiles was read.
    /// `micronsPerPixel` stands in for a slide that does not record its pixel size; with the queries' pixel size
    /// known too, the coarsest level no coarser than the queries is indexed, else level 0. Throws `.input` for a
    /// slide without tissue. `tileLimit` reads only boxes of that many tiles' area, evenly spread (a sample for
    /// the vocabulary).
    func extract<Part: Sendable>(_ slide: Slide, micronsPerPixel: Double?, queryMicronsPerPixel: Double?, tileLimit: Int? = nil,
                                 each: ([Feature]) throws -> Part)
        throws -> (parts: [Part], maps: [RepresentationMap], details: SlideDetails, sampled: Bool) {
        let mask = try TissueMask(slide: slide)
        let slidePixel = slide.micronsPerPixel.map { ($0.x + $0.y) / 2 } ?? micronsPerPixel
        let level = Self.level(of: slide, micronsPerPixel: slidePixel, queryMicronsPerPixel: queryMicronsPerPixel)
        let scale = slide.levels[level].downsample
        let (width, height) = (slide.levels[level].width, slide.levels[level].height)
        let minimumArea = Self.minimumTissue * Double(Self.tile * Self.tile) * scale * scale
        let all = TissueBoxes.boxes(mask: mask, width: width, height: height, scale: scale, tile: Self.tile,
                                    margin: readMargin, pad: Self.pad, minimumArea: minimumArea)
        guard !all.isEmpty else { throw CMIRError.input("\(slide.path): no tissue found (the slide looks like bare glass)") }
        // Where boxes overlap, a feature belongs to the first box that holds it.
        var reads = all.enumerated().map { i, box in (box: box, earlier: all[..<i].filter { $0.intersects(box) }) }
        let area = all.reduce(0.0) { $0 + Double($1.width * $1.height) }
        let budget = tileLimit.map { Double($0 * Self.tile * Self.tile) } ?? .infinity
        let sampled = area > budget
        if sampled {
            let count = max(1, Int(Double(reads.count) * budget / area))
            reads = (0..<count).map { reads[$0 * reads.count / count] }
        }
        let boxArea = { (i: Int) in Double(reads[i].box.width * reads[i].box.height) }
        let perBox = ParallelMap.results(reads.count, costliestFirst: boxArea) { i in
            let read = try self.features(of: reads[i].box, except: reads[i].earlier, level: level, in: slide, width: width, height: height)
            return (part: try each(read.features), map: read.map)
        }
        let boxes = try perBox.map { try $0.get() }
        let details = SlideDetails(level: level, scale: scale, micronsPerPixel: slidePixel, tissueFraction: mask.fraction, cell: Self.cell)
        return (boxes.map(\.part), boxes.compactMap(\.map), details, sampled)
    }

    /// The coarsest level whose pixels are no larger than the queries' (within 5 %); level 0 unless both pixel
    /// sizes are known.
    static func level(of slide: Slide, micronsPerPixel: Double?, queryMicronsPerPixel: Double?) -> Int {
        guard let micronsPerPixel, let queryMicronsPerPixel else { return 0 }
        let wanted = queryMicronsPerPixel / micronsPerPixel * 1.05
        return slide.levels.indices.last { slide.levels[$0].downsample <= wanted } ?? 0
    }

    /// The margin read from the slide around a box: the network's receptive margin, so that the box is represented
    /// as within the whole slide, and at least half of `margin`, so that the mirrored rest reflects only glass read
    /// around the box, never its tissue.
    var readMargin: Int { min(Self.margin, max(representation.contextRadius, Self.margin / 2)) }

    /// The features of one box's interior outside the boxes `earlier`, in pixels of `level` (`width` x `height`),
    /// and the interior's representation map.
    private func features(of box: PixelRect, except earlier: [PixelRect], level: Int, in slide: Slide, width: Int, height: Int)
        throws -> (features: [Feature], map: RepresentationMap?) {
        let read = readMargin, scale = slide.levels[level].downsample
        let pixels = try slide.readRegion(level: level, x: Int((Double(box.x - read) * scale).rounded()),
                                          y: Int((Double(box.y - read) * scale).rounded()),
                                          width: box.width + 2 * read, height: box.height + 2 * read)
        let represented = try representation.represent(pixels).mirrored(by: Self.margin - read)
        let x0 = box.x - Self.margin, y0 = box.y - Self.margin
        let interior = PixelRect(x: box.x, y: box.y, width: min(box.width, width - box.x), height: min(box.height, height - box.y))
        let map = RepresentationMap.pooling(represented, origin: (x0, y0), covering: interior)
        let columns = Float(Self.margin)..<Float(Self.margin + box.width)
        let rows = Float(Self.margin)..<Float(Self.margin + box.height)
        let features = extractor.extract(from: represented).compactMap { feature -> Feature? in
            guard columns.contains(feature.x), rows.contains(feature.y) else { return nil }
            var placed = feature
            placed.x += Float(x0); placed.y += Float(y0)
            let elsewhere = earlier.contains { $0.contains(x: placed.x, y: placed.y) }
            return placed.x < Float(width) && placed.y < Float(height) && !elsewhere ? placed : nil
        }
        return (features, map)
    }
}
