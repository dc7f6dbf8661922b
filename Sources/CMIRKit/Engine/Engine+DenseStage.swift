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
        var spots: [DenseSpot] = []
        for (file, owned) in mapsOfFile.sorted(by: { $0.key < $1.key }) {
            let size = images[file].indexedSize, f = RepresentationMap.factor
            let canvas = DenseCanvas(maps: owned.compactMap { maps[$0] }, mapWidth: (size.width + f - 1) / f,
                                     mapHeight: (size.height + f - 1) / f, step: templates.pooling / f)
            let best = TemplateCorrelation(canvas: canvas).best(of: templates.templates, side: templates.side)
            let half = Double(templates.side) / 2
            spots += Self.peaks(best.scores, width: best.width, height: best.height, apart: apart).map { p in
                DenseSpot(file: file, x: (Double(p.x) + half) * Double(templates.pooling), y: (Double(p.y) + half) * Double(templates.pooling),
                          angle: templates.angles[Int(best.which[p.y * best.width + p.x])], score: best.scores[p.y * best.width + p.x])
            }
        }
        return Array(spots.sorted { $0.score != $1.score ? $0.score > $1.score : ($0.file, $0.y, $0.x) < ($1.file, $1.y, $1.x) }.prefix(count))
    }

    /// The best positions of a score map that are local maxima of at least `leastDenseScore`, each more than
    /// `apart` from every better one, at most `denseSpotsPerFile`.
    static func peaks(_ scores: [Float], width: Int, height: Int, apart: Double) -> [(x: Int, y: Int)] {
        var maxima: [Int] = []
        for y in 0..<height {
            for x in 0..<width where scores[y * width + x] >= leastDenseScore {
                let value = scores[y * width + x]
                var highest = true
                for dy in -1...1 where y + dy >= 0 && y + dy < height {
                    for dx in -1...1 where x + dx >= 0 && x + dx < width && scores[(y + dy) * width + x + dx] > value { highest = false }
                }
                if highest { maxima.append(y * width + x) }
            }
        }
        maxima.sort { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        var kept: [(x: Int, y: Int)] = []
        for i in maxima where kept.count < denseSpotsPerFile {
            let x = i % width, y = i / width
            let near = kept.contains { Double(($0.x - x) * ($0.x - x) + ($0.y - y) * ($0.y - y)) <= apart * apart }
            if !near { kept.append((x, y)) }
        }
        return kept
    }
}
