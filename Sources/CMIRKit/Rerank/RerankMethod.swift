/// Which re-ranker an engine uses when a search asks for re-ranking.
public enum RerankMethod: Sendable {
    /// Geometric verification of the stored features (`FastReranker`).
    case fast
    /// The paper's per-query re-indexing of the candidates' patches (`PaperReranker`), with the repository's
    /// own representation.
    case paper
    /// A re-ranker of the caller's (tests, experiments).
    case custom(any Reranker)
}
