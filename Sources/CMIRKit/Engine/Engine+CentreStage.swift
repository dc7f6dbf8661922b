/// The first stage by centre votes (`FirstStageScoring.centres`), joined by the dense stage.
extension Engine {
    /// Margin around a slide's spot, beyond the query's half-diagonal, as a share of the query's larger side: the
    /// window the re-ranker searches holds the query however it is turned, and some error of the spot.
    static let spotMargin = 0.25
    /// Spots the dense stage offers.
    static let denseCandidates = 100

    /// Every whole image, scored by its best spot (0 without one), and every spot of a slide, as a window of the
    /// query's half-diagonal and `spotMargin` around it, ranked by score (ties in file order, images before
    /// spots), taken in turn with the dense stage's spots (`interleaved`); the windows the matches stand for.
    /// A match's score is that of the stage that listed it.
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

        var dense: [Int] = [], denseScores: [Int: Double] = [:]
        for spot in try denseSpots(query, count: Self.denseCandidates) {
            let region = MatchRegion(x: spot.x - footprint.width / 2, y: spot.y - footprint.height / 2,
                                     width: footprint.width, height: footprint.height, angle: spot.angle)
            if images[spot.file].slide == nil {
                guard let w = windowOfImage[spot.file], windows[w].placement == nil else { continue }
                windows[w].placement = region
                dense.append(w)
                denseScores[w] = Double(spot.score)
                continue
            }
            guard var window = slideWindows.window(file: spot.file, x: spot.x, y: spot.y) else { continue }
            window.placement = region
            windows.append(window)
            scores.append(0)
            centres.append((spot.x, spot.y))
            dense.append(windows.count - 1)
            denseScores[windows.count - 1] = Double(spot.score)
        }
        let order = Self.interleaved(voted, dense, windows: windows, centres: centres, apart: side / 2)
        let ranking = order.enumerated().map { rank, listed in
            let w = listed.window, image = images[windows[w].image]
            var match = Match(rank: rank + 1, name: image.name, path: image.path,
                              score: listed.second ? denseScores[w] ?? 0 : scores[w], imageID: image.id,
                              place: image.slide == nil ? nil : Self.scaled(windows[w].rect, by: image.scale))
            match.region = windows[w].placement.map { Self.levelZero($0, origin: PixelRect(x: 0, y: 0, width: 0, height: 0), scale: image.scale) }
            match.window = w
            return match
        }
        return (ranking, windows)
    }

    /// The two lists taken one from each in turn (the first's first), each window once, and a slide's spot only
    /// when no listed spot of the same slide lies within `apart` of it; with the list each came from.
    static func interleaved(_ first: [Int], _ second: [Int], windows: [PlaceWindow], centres: [(x: Double, y: Double)?],
                            apart: Double) -> [(window: Int, second: Bool)] {
        var order: [(window: Int, second: Bool)] = [], taken = Set<Int>()
        var listedCentres: [Int: [(x: Double, y: Double)]] = [:]
        func take(_ w: Int, second: Bool) {
            guard !taken.contains(w) else { return }
            let file = windows[w].image
            if let centre = centres[w] {
                let near = (listedCentres[file] ?? []).contains { ($0.x - centre.x) * ($0.x - centre.x) + ($0.y - centre.y) * ($0.y - centre.y) < apart * apart }
                guard !near else { return }
                listedCentres[file, default: []].append(centre)
            }
            taken.insert(w)
            order.append((w, second))
        }
        for i in 0..<max(first.count, second.count) {
            if i < first.count { take(first[i], second: false) }
            if i < second.count { take(second[i], second: true) }
        }
        return order
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
