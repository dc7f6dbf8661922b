import CMIRKit
import Foundation

/// The ranked matches as a grid (rank, name, score; matched region and true match drawn on the
/// thumbnails), with the query and the search's facts on the left.
enum ResultsView {
    static func draw(_ state: BrowserState, into frame: inout Frame) {
        guard let results = state.results else { return }
        let layout = state.resultsLayout
        let request = results.request
        frame.place(ImageRequest(path: request.queryPath, role: .query, layer: results.layer, crop: request.region),
                    in: layout.queryBox)
        var lines: [(String, CellStyle)] = [("Query", Styles.heading), (results.queryStem, .plain)]
        if let region = request.region {
            lines.append(("region \(region.x),\(region.y) \(region.width)×\(region.height)", Styles.dim))
        } else {
            lines.append(("whole image", Styles.dim))
        }
        lines.append((String(format: "searched in %.2f s", results.outcome.seconds), Styles.dim))
        lines.append(("re-ranking \(results.outcome.reranked ? "on" : "off")", Styles.dim))
        lines.append(("", .plain))
        lines.append(trueMatchLine(results))
        if results.layer == .representation { lines.append(("showing representations", Styles.dim)) }
        for (i, line) in lines.prefix(layout.queryText.rows).enumerated() {
            frame.canvas.put(Canvas.truncated(line.0, toWidth: layout.queryText.columns), column: layout.queryText.column,
                             row: layout.queryText.row + i, style: line.1)
        }
        let grid = layout.grid
        let matches = results.outcome.matches
        if matches.isEmpty {
            frame.canvas.put("No repository image shares a visual word with this query.", column: grid.area.column + 1,
                             row: grid.area.row + 1)
            return
        }
        for (index, match) in matches.enumerated() {
            guard let box = grid.box(of: index, firstRow: results.selection.firstRow) else { continue }
            let isTrue = results.isTrueMatch(match)
            frame.place(thumbnail(match, isTrueMatch: isTrue, layer: results.layer, slide: slideSize(of: match, in: state)), in: box)
            let score = scoreLabel(match, reranked: results.outcome.reranked) + (isTrue ? " ✓" : "")
            GridTiles.decorate(box: box, labels: [("#\(match.rank) \(match.stem)", .plain), (score, isTrue ? Styles.good : Styles.dim)],
                               selected: index == results.selection.index, into: &frame.canvas)
        }
        GridTiles.scrollMarks(grid: grid, firstRow: results.selection.firstRow, count: matches.count, into: &frame.canvas)
    }

    /// A match as drawn: its region outlined when re-ranking found one, a green frame when it is the true match.
    /// A place on a slide shows its matched region read at the level that fills the box, outlined in the viewer's
    /// colours whether verified or not, with the whole slide inset when `slide` gives its level-0 size.
    static func thumbnail(_ match: Match, isTrueMatch: Bool, layer: ImageLayer, words: [ImageMarker] = [],
                          slide: (width: Int, height: Int)? = nil) -> ImageRequest {
        var overlays: [ImageOverlay] = []
        if match.place != nil, let outline = ImageOverlay.placeOutline(of: match) {
            overlays.append(outline)
        } else if let region = match.verifiedRegion {
            overlays.append(.footprint(region, colour: .highlight))
        }
        if !words.isEmpty { overlays.append(.markers(words)) }
        if isTrueMatch { overlays.append(.border(.trueMatch)) }
        return ImageRequest(path: match.path, role: .repository, layer: layer, overlays: overlays,
                            slide: PlaceTile.view(of: match, slide: slide))
    }

    /// The level-0 size of the slide a match lies on, from the repository's list; nil for an ordinary image.
    static func slideSize(of match: Match, in state: BrowserState) -> (width: Int, height: Int)? {
        guard match.place != nil, let image = state.repository.info?.images.first(where: { $0.path == match.path }) else { return nil }
        return (image.width, image.height)
    }

    /// After re-ranking a candidate's score is its number of agreeing feature pairs, and it has a region only
    /// when they are more than chance gives: say which, with the count in brackets (a tile is narrow).
    static func scoreLabel(_ match: Match, reranked: Bool) -> String {
        guard reranked && match.rank <= SearchService.rerankDepth else { return String(format: "score %.4f", match.score) }
        let pairs = Int(match.score.rounded())
        if match.verifiedRegion != nil { return "verified (\(pairs))" }
        return pairs > 0 ? "unverified (\(pairs))" : "unverified"
    }

    static func trueMatchLine(_ results: ResultsState) -> (String, CellStyle) {
        guard let rank = results.outcome.trueMatch?.rank else {
            return ("no repository image is named \(results.queryStem)", Styles.dim)
        }
        let shown = results.outcome.matches.contains { results.isTrueMatch($0) }
        // ✗: the true match is ranked below the results shown.
        return shown ? ("✓ true match is #\(rank)", Styles.good) : ("✗ true match is #\(rank)", Styles.warning)
    }

    static func summary(_ results: ResultsState, index: IndexSummary?) -> String {
        var parts = ["query \(results.queryStem)", "\(results.outcome.matches.count) results in " + String(format: "%.2f s", results.outcome.seconds),
                     "re-ranking \(results.outcome.reranked ? "on" : "off")"]
        if let rank = results.outcome.trueMatch?.rank { parts.append("true match \(results.queryStem) at rank \(rank)") }
        if let index { parts.append(index.representation.summary) }
        return parts.joined(separator: " · ")
    }
}
