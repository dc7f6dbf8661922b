import CMIRKit

/// Words of the query and of one match that share a visual word, for the `w` overlay. The match's positions are
/// in its level-0 pixels.
public struct WordOverlay: Equatable, Sendable {
    public var matchPath: String
    /// The place on the slide the words belong to; nil for a whole image.
    public var place: PixelRect?
    public var query: [VisualWord]
    public var match: [VisualWord]
    public init(matchPath: String, place: PixelRect? = nil, query: [VisualWord], match: [VisualWord]) {
        self.matchPath = matchPath; self.place = place; self.query = query; self.match = match
    }

    /// Keeps only the words whose id occurs on both sides, of the match's words only those it shows: inside the
    /// frame's shown part when it has one, else inside its place on the slide (a slide's words cover all of it).
    public static func shared(for match: Match, frame: MatchFrame?, query: [VisualWord], match words: [VisualWord]) -> WordOverlay {
        let shown = words.filter { word in
            let x = Double(word.x), y = Double(word.y)
            if let frame { return frame.shows(x: x, y: y) }
            guard let place = match.place else { return true }
            return x >= Double(place.x) && y >= Double(place.y) && x < Double(place.x + place.width) && y < Double(place.y + place.height)
        }
        let common = Set(query.map(\.word)).intersection(shown.map(\.word))
        return WordOverlay(matchPath: match.path, place: match.place, query: query.filter { common.contains($0.word) },
                           match: shown.filter { common.contains($0.word) })
    }

    /// Whether these are the words of `match`.
    public func belongs(to match: Match) -> Bool { matchPath == match.path && place == match.place }

    public var sharedWordCount: Int { Set(query.map(\.word)).count }
}
