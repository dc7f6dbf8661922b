import CMIRKit

/// One match large beside the query: the view that explains a result (or a failure), with the
/// representations (`c`) and the shared visual words (`w`) on demand.
enum InspectionView {
    static func draw(_ state: BrowserState, into frame: inout Frame) {
        guard let results = state.results, let inspection = state.inspection,
              results.outcome.matches.indices.contains(inspection.index) else { return }
        let layout = InspectionLayout(area: state.layout.content, display: state.display)
        let match = results.outcome.matches[inspection.index]
        let request = results.request
        let words = inspection.showWords ? inspection.words.flatMap { $0.matchPath == match.path ? $0 : nil } : nil
        var queryOverlays: [ImageOverlay] = []
        if let words { queryOverlays.append(.markers(words.query.map(marker))) }
        frame.place(ImageRequest(path: request.queryPath, role: .query, layer: inspection.layer, crop: request.region,
                                 overlays: queryOverlays), in: layout.queryBox)
        let isTrue = results.isTrueMatch(match)
        frame.place(ResultsView.thumbnail(match, isTrueMatch: isTrue, layer: inspection.layer,
                                          words: words?.match.map(marker) ?? []), in: layout.matchBox)

        let layerName = inspection.layer == .picture ? "picture" : "representation"
        let queryLabel = layout.label(under: layout.queryBox)
        let region = request.region.map { "region \($0.x),\($0.y) \($0.width)×\($0.height)" } ?? "whole image"
        frame.canvas.put(Canvas.truncated("query \(results.queryStem) · \(region)", toWidth: queryLabel.columns),
                         column: queryLabel.column, row: queryLabel.row, style: Styles.heading)
        frame.canvas.put(Canvas.truncated(layerName, toWidth: queryLabel.columns), column: queryLabel.column,
                         row: queryLabel.row + 1, style: Styles.dim)

        let matchLabel = layout.label(under: layout.matchBox)
        let title = "#\(match.rank) of \(results.outcome.matches.count) \(match.stem) · " + ResultsView.scoreLabel(match, reranked: results.outcome.reranked)
        frame.canvas.put(Canvas.truncated(title, toWidth: matchLabel.columns), column: matchLabel.column, row: matchLabel.row,
                         style: Styles.heading)
        var second: (String, CellStyle)
        if isTrue {
            second = ("✓ the true match", Styles.good)
        } else if let rank = results.outcome.trueMatch?.rank {
            second = ("✗ the true match is at rank \(rank)", Styles.warning)
        } else {
            second = ("no repository image is named \(results.queryStem)", Styles.dim)
        }
        if inspection.showWords {
            second.0 += words.map { " · \($0.sharedWordCount) shared words" } ?? " · loading words…"
        }
        if match.verifiedRegion == nil && results.outcome.reranked { second.0 += " · no matched region" }
        frame.canvas.put(Canvas.truncated(second.0, toWidth: matchLabel.columns), column: matchLabel.column,
                         row: matchLabel.row + 1, style: second.1)
    }

    static func marker(_ word: VisualWord) -> ImageMarker {
        ImageMarker(x: Double(word.x), y: Double(word.y), colour: .distinct(Int(word.word)))
    }
}
