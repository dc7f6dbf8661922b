/// Top-k retrieval success and mean reciprocal rank of a query set, from the rank of each query's true
/// match (nil when it was not found at all, e.g. a query without features or a stem absent from the index).
public struct RetrievalMetrics: Sendable, Equatable {
    /// The k of Acc@k that the evaluation protocol reports.
    public static let cutoffs = [1, 5, 10, 15]

    /// Rank of the true match of every query, by query stem.
    public let ranks: [String: Int?]
    public var queries: Int { ranks.count }

    public init(ranks: [String: Int?]) { self.ranks = ranks }

    /// Percentage of queries whose true match is among the first k.
    public func accuracy(at k: Int) -> Double {
        guard queries > 0 else { return 0 }
        let hits = ranks.values.filter { rank in rank.map { $0 <= k } ?? false }.count
        return 100 * Double(hits) / Double(queries)
    }

    /// Mean of 1/rank, counting a missing match as 0.
    public var meanReciprocalRank: Double {
        guard queries > 0 else { return 0 }
        return ranks.values.reduce(0) { $0 + ($1.map { 1 / Double($0) } ?? 0) } / Double(queries)
    }
}
