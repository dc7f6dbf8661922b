/// The evaluation protocol's pairing: a query's true match is the repository image with the same file stem.
public enum TrueMatchRule {
    public static func isTrueMatch(repositoryName: String, queryName: String) -> Bool {
        FileStem.of(repositoryName) == FileStem.of(queryName)
    }

    /// The first match in `matches` that is the true match of the query called `queryName`.
    public static func trueMatch(in matches: [Match], queryName: String) -> Match? {
        matches.first { isTrueMatch(repositoryName: $0.name, queryName: queryName) }
    }
}
