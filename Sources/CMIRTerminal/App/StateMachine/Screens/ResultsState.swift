import CMIRKit

/// Ranked results of the last finished search.
public struct ResultsState: Equatable, Sendable {
    public var request: BrowserSearch
    public var outcome: SearchOutcome
    public var selection = Selection()
    public var layer = ImageLayer.picture

    /// The query's name as labels show it.
    public var queryStem: String { FileStem.of(request.queryPath) }
    /// Whether `match` is the engine's true match of the query.
    public func isTrueMatch(_ match: Match) -> Bool { match.imageID == outcome.trueMatch?.imageID }

    /// The searched part of the query, in its pixels.
    public var searched: PixelRect {
        request.region ?? PixelRect(x: 0, y: 0, width: outcome.queryWidth, height: outcome.queryHeight)
    }

    /// The frame that stands a place on a slide upright beside the query: only for a place with a verified region
    /// (the browser shows no other claim of where the query lies).
    public func frame(of match: Match) -> MatchFrame? {
        guard match.place != nil, let region = match.verifiedRegion else { return nil }
        return MatchFrame(searched: searched, region: region)
    }
}
