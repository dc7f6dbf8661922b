import CMIRKit
import Foundation

/// One match large beside the query: the view that explains a result (or a failure), with the
/// representations (`c`) and the shared visual words (`w`) on demand. A place on a slide with a verified region
/// stands upright beside the query at the query's scale, both with the same margin of context around them.
enum InspectionView {
    static func draw(_ state: BrowserState, into frame: inout Frame) {
        guard let results = state.results, let inspection = state.inspection,
              results.outcome.matches.indices.contains(inspection.index) else { return }
        let layout = InspectionLayout(area: state.layout.content, display: state.display)
        let match = results.outcome.matches[inspection.index]
        let request = results.request
        let words = inspection.showWords ? inspection.words.flatMap { $0.belongs(to: match) ? $0 : nil } : nil
        let isTrue = results.isTrueMatch(match)
        let upright = results.frame(of: match)
        if let upright {
            let shown = images(upright: upright, results: results, match: match, layer: inspection.layer, words: words, isTrueMatch: isTrue)
            frame.place(shown.query, in: layout.queryBox)
            frame.place(shown.match, in: layout.matchBox)
        } else {
            frame.place(ImageRequest(path: request.queryPath, role: .query, layer: inspection.layer, crop: request.region,
                                     overlays: words.map { [.markers($0.query.map(marker))] } ?? []), in: layout.queryBox)
            frame.place(ResultsView.thumbnail(match, isTrueMatch: isTrue, layer: inspection.layer, words: words?.match.map(marker) ?? []),
                        in: layout.matchBox)
        }

        let layerName = inspection.layer == .picture ? "picture" : "representation"
        let queryLabel = layout.label(under: layout.queryBox)
        let region = request.region.map { "region \($0.x),\($0.y) \($0.width)×\($0.height)" } ?? "whole image"
        frame.canvas.put(Canvas.truncated("query \(results.queryStem) · \(region)", toWidth: queryLabel.columns),
                         column: queryLabel.column, row: queryLabel.row, style: Styles.heading)
        frame.canvas.put(Canvas.truncated(layerName + (upright == nil ? "" : " · beside the slide at the same scale"),
                                          toWidth: queryLabel.columns),
                         column: queryLabel.column, row: queryLabel.row + 1, style: Styles.dim)

        let matchLabel = layout.label(under: layout.matchBox)
        let title = "#\(match.rank) of \(results.outcome.matches.count) \(match.stem) · " + ResultsView.scoreLabel(match, reranked: results.outcome.reranked)
        frame.canvas.put(Canvas.truncated(title, toWidth: matchLabel.columns), column: matchLabel.column, row: matchLabel.row,
                         style: Styles.heading)
        var second: (String, CellStyle)
        if isTrue {
            second = ("✓ the true match", Styles.good)
        } else if let rank = results.outcome.trueMatch?.rank {
            second = ("✗ the true match is at rank \(rank)", Styles.warning)
        } else if let upright {
            second = (uprightFacts(upright), Styles.dim)
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

    /// The query and the slide around the match, both over the frame's shown part of the query's pixels (so they
    /// are drawn at one scale), the searched part outlined on each; the slide's words mapped into the query's pixels.
    static func images(upright: MatchFrame, results: ResultsState, match: Match, layer: ImageLayer, words: WordOverlay?,
                       isTrueMatch: Bool) -> (query: ImageRequest, match: ImageRequest) {
        let outline = ImageOverlay.outline(upright.searched, colour: .highlight)
        var queryOverlays = [outline], matchOverlays = [outline]
        if let words {
            queryOverlays.append(.markers(words.query.map(marker)))
            matchOverlays.append(.markers(words.match.map { word in
                let p = upright.queryPoint(x: Double(word.x), y: Double(word.y))
                return ImageMarker(x: p.x, y: p.y, colour: .distinct(Int(word.word)))
            }))
        }
        if isTrueMatch { matchOverlays.append(.border(.trueMatch)) }
        return (ImageRequest(path: results.request.queryPath, role: .query, layer: layer, crop: upright.shown, overlays: queryOverlays),
                ImageRequest(path: match.path, role: .repository, layer: layer, overlays: matchOverlays, slide: .upright(upright)))
    }

    /// Where the match lies, how it lies turned on the slide and its level-0 pixels per query pixel: short, so the
    /// shared words' count after it stays within the label.
    static func uprightFacts(_ upright: MatchFrame) -> String {
        String(format: "at %.0f,%.0f · turned %.0f° · ×%.3g", upright.centreX, upright.centreY, upright.angle, upright.scale)
    }

    static func marker(_ word: VisualWord) -> ImageMarker {
        ImageMarker(x: Double(word.x), y: Double(word.y), colour: .distinct(Int(word.word)))
    }
}
