/// Refines the top of the first-stage ranking, e.g. by geometric verification of matched features. An engine
/// hands it the first K candidates of a search that asks for re-ranking.
public protocol Reranker: Sendable {
    /// Returns the candidates re-ordered (ranks renumbered by the engine), scores and regions filled as the
    /// re-ranker sees them.
    func rerank(query: QueryFeatures, candidates: [Match], context: RerankContext) throws -> [Match]
}
