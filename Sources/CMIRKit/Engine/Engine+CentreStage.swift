/// The first stage by centre votes (`FirstStageScoring.centres`), joined by the dense stage.
extension Engine {
    /// Margin around a slide's spot, beyond the query's half-diagonal, as a share of the query's larger side: the
    /// window the re-ranker searches holds the query however it is turned, and some error of the spot.
    static let spotMargin = 0.25
    /// Spots the dense stage offers.
    static let denseCandidates = 100

    /// Every whole image, ranked by its best spot's votes (0 without one), and every spot of a slide, as a window
    /// of the query's half-diagonal and `spotMargin` around it, ranked by its votes (ties in file order, images
    /// before spots), merged with the dense stage's ranking of the images and spots it finds: each window at its
    /// better rank of the two (a match's score is one over it); the windows the matches stand for, carrying the
    /// dense stage's placement (docs/decisions.md, "The dense stage").
    func centreStage(_ query: QueryFeatures) throws -> (ranking: [Match], windows: [PlaceWindow]) {
        let voting = try storedFeatures.value().voting
        let rows = max(1, query.descriptors.rows)
        let search = CentreVoting.search(rows: rows, voting: voting)
        let matches = voting.neighbourMatches(query.descriptors, probedWords: query.nearestWords,
                                              neighbours: search.neighbours, checks: search.checks)
        let footprint = query.footprint
        let side = max(footprint.width, footprint.height)
        let spots = CentreVoting(querySide: side).spots(matches, query: query, fileOf: { fileOfPlace[$0] }, apart: side / 2)

        var windows = places.indices.filter { images[fileOfPlace[$0]].slide == nil }
            .map { PlaceWindow(image: fileOfPlace[$0], places: [$0], rect: places[$0].rect) }
        let windowOfImage = Dictionary(windows.indices.map { (windows[$0].image, $0) }, uniquingKeysWith: { first, _ in first })
        var bestOfFile: [Int: Float] = [:]
        for spot in spots where bestOfFile[spot.file] == nil { bestOfFile[spot.file] = spot.score }
        var scores = windows.map { Double(bestOfFile[$0.image] ?? 0) / Double(rows) }
        var centres = [(x: Double, y: Double)?](repeating: nil, count: windows.count)
        var slideWindows = SpotWindows(engine: self, footprint: footprint, side: side)
        for spot in spots {
            guard let window = slideWindows.window(file: spot.file, x: spot.x, y: spot.y) else { continue }
            windows.append(window)
            scores.append(Double(spot.score) / Double(rows))
            centres.append((spot.x, spot.y))
        }
        let voted = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }

        // Each window's best rank in either stage (votes first where equal): the two lists taken in turn. A dense
        // spot within half the query's side of a voted spot of the same slide is that spot.
        var best = [(rank: Int, dense: Bool)](repeating: (Int.max, false), count: windows.count)
        for (rank, w) in voted.enumerated() { best[w] = (rank + 1, false) }
        var denseListed = Set<Int>()
        let apart = side / 2
        for (rank, spot) in try denseSpots(query, count: Self.denseCandidates).enumerated() {
            var w = images[spot.file].slide == nil ? windowOfImage[spot.file]
                : centres.indices.first { i in
                    guard let c = centres[i], windows[i].image == spot.file else { return false }
                    return (c.x - spot.x) * (c.x - spot.x) + (c.y - spot.y) * (c.y - spot.y) < apart * apart
                }
            if w == nil, let window = slideWindows.window(file: spot.file, x: spot.x, y: spot.y) {
                windows.append(window)
                centres.append((spot.x, spot.y))
                best.append((Int.max, true))
                w = windows.count - 1
            }
            guard let w, !denseListed.contains(w) else { continue }
            denseListed.insert(w)
            windows[w].placement = MatchRegion(x: spot.x - footprint.width / 2, y: spot.y - footprint.height / 2,
                                               width: footprint.width, height: footprint.height, angle: spot.angle)
            if rank + 1 < best[w].rank { best[w] = (rank + 1, true) }
        }
        let order = best.indices.sorted { a, b in
            (best[a].rank, best[a].dense ? 1 : 0, a) < (best[b].rank, best[b].dense ? 1 : 0, b)
        }
        let ranking = order.enumerated().map { rank, w in
            let image = images[windows[w].image]
            var match = Match(rank: rank + 1, name: image.name, path: image.path, score: 1 / Double(best[w].rank), imageID: image.id,
                              place: image.slide == nil ? nil : Self.scaled(windows[w].rect, by: image.scale))
            match.region = windows[w].placement.map { Self.levelZero($0, scale: image.scale) }
            match.window = w
            return match
        }
        return (ranking, windows)
    }
}

/// The windows around spots of a slide: a square of the query's half-diagonal and `Engine.spotMargin` around the
/// spot, over the slide's cells that meet it.
private struct SpotWindows {
    let engine: Engine
    let reach: Double
    private var cellsOfFile: [Int: [SIMD2<Int>: Int]] = [:]
    private let placesOfFile: [Int: [Int]]

    init(engine: Engine, footprint: (centreX: Double, centreY: Double, width: Double, height: Double), side: Double) {
        self.engine = engine
        reach = (footprint.width * footprint.width + footprint.height * footprint.height).squareRoot() / 2 + Engine.spotMargin * side
        placesOfFile = Dictionary(grouping: engine.places.indices, by: { engine.fileOfPlace[$0] })
    }

    /// The window around (x, y) of a slide (indexed pixels); nil for an image or where no cell holds a place.
    mutating func window(file: Int, x: Double, y: Double) -> PlaceWindow? {
        guard let slide = engine.images[file].slide else { return nil }
        let size = engine.images[file].indexedSize
        let square = PixelRect(x: Int(x - reach), y: Int(y - reach), width: Int(2 * reach), height: Int(2 * reach))
        guard let rect = square.intersection(PixelRect(x: 0, y: 0, width: size.width, height: size.height)) else { return nil }
        let cells = cellsOfFile[file] ?? PlaceWindow.cells(placesOfFile[file] ?? [], places: engine.places, cell: slide.cell)
        cellsOfFile[file] = cells
        return PlaceWindow.covering(rect, image: file, cells: cells, cell: slide.cell)
    }
}
