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
}
