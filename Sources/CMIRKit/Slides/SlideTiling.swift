/// How a slide is indexed: level 0 is read in tiles of tissue, each with a margin on every side so that the
/// network and the feature windows see whole neighbourhoods; a feature is kept only from its tile's interior,
/// so every place of the slide is covered once. Features are filed in square cells, the slide's places.
struct SlideTiling: Sendable {
    /// Interior side of a tile, its margin, and the side of a cell, in level-0 pixels.
    static let tile = 1024
    static let margin = 96
    static let cell = 512
    /// Least share of tissue (on the mask) for a tile to be read.
    static let minimumTissue = 0.002

    let representation: any Representation
    let extractor: any FeatureExtractor

    /// The slide's features (positions in level-0 pixels), and how it was indexed. `micronsPerPixel` stands in
    /// for a slide that does not record its pixel size. Throws `.input` for a slide without tissue.
    func extract(_ slide: Slide, micronsPerPixel: Double?) throws -> (features: [Feature], details: SlideDetails) {
        let mask = try TissueMask(slide: slide)
        let tiles = stride(from: 0, to: slide.height, by: Self.tile).flatMap { y in
            stride(from: 0, to: slide.width, by: Self.tile).map { x in PixelRect(x: x, y: y, width: Self.tile, height: Self.tile) }
        }.filter { mask.fraction(inLevelZero: $0) >= Self.minimumTissue }
        guard !tiles.isEmpty else { throw CMIRError.input("\(slide.path): no tissue found (the slide looks like bare glass)") }
        let perTile = ParallelMap.results(tiles.count) { i in try self.features(of: tiles[i], in: slide) }
        var features: [Feature] = []
        for result in perTile { features += try result.get() }
        let details = SlideDetails(level: 0, scale: 1, micronsPerPixel: slide.micronsPerPixel.map { ($0.x + $0.y) / 2 } ?? micronsPerPixel,
                                   tissueFraction: mask.fraction, cell: Self.cell)
        return (features, details)
    }

    /// The features of one tile's interior, in level-0 pixels of the slide.
    private func features(of tile: PixelRect, in slide: Slide) throws -> [Feature] {
        let side = Self.tile + 2 * Self.margin
        let x0 = tile.x - Self.margin, y0 = tile.y - Self.margin
        let pixels = try slide.readRegion(level: 0, x: x0, y: y0, width: side, height: side)
        let interior = Float(Self.margin)..<Float(Self.margin + Self.tile)
        return extractor.extract(from: try representation.represent(pixels)).compactMap { feature in
            guard interior.contains(feature.x), interior.contains(feature.y) else { return nil }
            var placed = feature
            placed.x += Float(x0); placed.y += Float(y0)
            return placed.x < Float(slide.width) && placed.y < Float(slide.height) ? placed : nil
        }
    }
}
