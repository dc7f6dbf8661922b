/// The evaluation protocol's pairings: in a folder of images a query's true match is the image with the same file
/// stem; in a slide repository it is a match on the slide its truth row names whose centre lies within half the
/// query's larger side of the true centre.
public enum TrueMatchRule {
    public static func isTrueMatch(repositoryName: String, queryName: String) -> Bool {
        FileStem.of(repositoryName) == FileStem.of(queryName)
    }

    /// The first match in `matches` that is the true match of the query called `queryName`.
    public static func trueMatch(in matches: [Match], queryName: String) -> Match? {
        matches.first { isTrueMatch(repositoryName: $0.name, queryName: queryName) }
    }

    /// The first match that is a hit for `truth`, and the distance (level-0 pixels) of its centre from the true one.
    public static func hit(in matches: [Match], truth: SlideTruth, querySide: Double) -> (match: Match, error: Double)? {
        for match in matches where FileStem.of(match.name) == truth.slide {
            guard let centre = match.centre else { continue }
            let error = ((centre.x - truth.x) * (centre.x - truth.x) + (centre.y - truth.y) * (centre.y - truth.y)).squareRoot()
            if error <= querySide / 2 { return (match, error) }
        }
        return nil
    }
}
