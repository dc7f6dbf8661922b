/// The first stage by centre votes (`FirstStageScoring.centres`).
extension Engine {
    /// Margin around a slide's spot, beyond the query's half-diagonal, as a share of the query's larger side: the
    /// window the re-ranker searches holds the query however it is turned, and some error of the spot.
    static let spotMargin = 0.25

    /// Every whole image, scored by its best spot (0 without one), and every spot of a slide, as a window of the
    /// query's half-diagonal and `spotMargin` around it, ranked by score (ties in file order, images before spots);
    /// the windows the matches stand for.
    func centreStage(_ query: QueryFeatures) throws -> (ranking: [Match], windows: [PlaceWindow]) {
        let voting = try storedFeatures.value().voting
        let rows = max(1, query.descriptors.rows)
        let search = CentreVoting.search(rows: rows, voting: voting)
        let matches = voting.neighbourMatches(query.descriptors, probedWords: query.nearestWords,
                                              neighbours: search.neighbours, checks: search.checks)
        let footprint = query.footprint
        let side = max(footprint.width, footprint.height)
        let fileOfImageID = Dictionary(uniqueKeysWithValues: images.indices.map { (images[$0].id, $0) })
        let fileOfPlace = places.map { fileOfImageID[$0.imageID] ?? 0 }
        let spots = CentreVoting(querySide: side).spots(matches, query: query, fileOf: { fileOfPlace[$0] }, apart: side / 2)

        let placesOfFile = Dictionary(grouping: places.indices, by: { fileOfPlace[$0] })
        var windows = places.indices.filter { images[fileOfPlace[$0]].slide == nil }
            .map { PlaceWindow(image: fileOfPlace[$0], places: [$0], rect: places[$0].rect) }
        var bestOfFile: [Int: Float] = [:]
        for spot in spots where bestOfFile[spot.file] == nil { bestOfFile[spot.file] = spot.score }
        var scores = windows.map { bestOfFile[$0.image] ?? 0 }
        var cellsOfFile: [Int: [SIMD2<Int>: Int]] = [:]
        let reach = (footprint.width * footprint.width + footprint.height * footprint.height).squareRoot() / 2 + Self.spotMargin * side
        for spot in spots {
            guard let slide = images[spot.file].slide else { continue }
            let size = images[spot.file].indexedSize
            let square = PixelRect(x: Int(spot.x - reach), y: Int(spot.y - reach), width: Int(2 * reach), height: Int(2 * reach))
            guard let rect = square.intersection(PixelRect(x: 0, y: 0, width: size.width, height: size.height)) else { continue }
            let cells = cellsOfFile[spot.file] ?? PlaceWindow.cells(placesOfFile[spot.file] ?? [], places: places, cell: slide.cell)
            cellsOfFile[spot.file] = cells
            guard let window = PlaceWindow.covering(rect, image: spot.file, cells: cells, cell: slide.cell) else { continue }
            windows.append(window)
            scores.append(spot.score)
        }
        let perFeature = 1 / Double(rows)
        let order = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        let ranking = order.enumerated().map { rank, w in
            let image = images[windows[w].image]
            var match = Match(rank: rank + 1, name: image.name, path: image.path, score: Double(scores[w]) * perFeature,
                              imageID: image.id, place: image.slide == nil ? nil : Self.scaled(windows[w].rect, by: image.scale))
            match.window = w
            return match
        }
        return (ranking, windows)
    }
}
