import CMIRKit

/// Words of the query and of one match that share a visual word, for the `w` overlay.
public struct WordOverlay: Equatable, Sendable {
    public var matchPath: String
    public var query: [VisualWord]
    public var match: [VisualWord]
    public init(matchPath: String, query: [VisualWord], match: [VisualWord]) {
        self.matchPath = matchPath; self.query = query; self.match = match
    }

    /// Keeps only the words whose id occurs on both sides.
    public static func shared(matchPath: String, query: [VisualWord], match: [VisualWord]) -> WordOverlay {
        let common = Set(query.map(\.word)).intersection(match.map(\.word))
        return WordOverlay(matchPath: matchPath, query: query.filter { common.contains($0.word) },
                           match: match.filter { common.contains($0.word) })
    }

    public var sharedWordCount: Int { Set(query.map(\.word)).count }
}
