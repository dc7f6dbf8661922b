/// Where the dense stage puts the query: the file, the query's centre in its indexed pixels, the turn and how
/// well the representations correlate there.
struct DenseSpot: Sendable {
    let file: Int
    let x: Double
    let y: Double
    /// Degrees, counter-clockwise as displayed (`MatchRegion.angle`).
    let angle: Double
    let score: Float
}

/// The dense stage: the query's representation, turned through the full circle, correlated with every file's
/// stored representation maps (`DenseTemplates`, `TemplateCorrelation`). It finds places whose SIFT features
/// the first stage's neighbours miss, small patches above all (docs/decisions.md, "The dense stage").
extension Engine {
    /// Most spots one file contributes, and the least correlation a spot needs.
    static let denseSpotsPerFile = 20
    static let leastDenseScore: Float = 0.2

    /// The best `count` spots over all files, best first; none when the query is too small for templates.
    func denseSpots(_ query: QueryFeatures, count: Int) throws -> [DenseSpot] {
        guard let represented = query.representation, let templates = DenseTemplates(representation: represented) else { return [] }
        let maps = try storedMaps.value()
        let footprint = query.footprint
        let apart = max(footprint.width, footprint.height) / 2 / Double(templates.pooling)
        let mapsOfFile = Dictionary(grouping: places.indices.filter { maps[$0] != nil }, by: { fileOfPlace[$0] })
        let half = Double(templates.side) / 2, pooling = Double(templates.pooling)
        var spots: [DenseSpot] = []
        for (file, owned) in mapsOfFile.sorted(by: { $0.key < $1.key }) {
            let size = images[file].indexedSize, f = RepresentationMap.factor
            let canvas = DenseCanvas(maps: owned.compactMap { maps[$0] }, mapWidth: (size.width + f - 1) / f,
                                     mapHeight: (size.height + f - 1) / f, step: templates.pooling / f)
            let peaks = TemplateCorrelation(canvas: canvas).peaks(of: templates.templates, side: templates.side,
                                                                  least: Self.leastDenseScore, apart: apart,
                                                                  count: Self.denseSpotsPerFile)
            spots += peaks.map { p in
                DenseSpot(file: file, x: (Double(p.x) + half) * pooling, y: (Double(p.y) + half) * pooling,
                          angle: templates.angles[p.template], score: p.score)
            }
        }
        let ordered = spots.sorted { $0.score != $1.score ? $0.score > $1.score : ($0.file, $0.y, $0.x) < ($1.file, $1.y, $1.x) }
        return Array(ordered.prefix(count))
    }
}
