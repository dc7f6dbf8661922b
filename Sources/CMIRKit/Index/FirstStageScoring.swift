/// How the first stage ranks the whole repository, before any re-ranking.
public enum FirstStageScoring: String, Sendable, CaseIterable {
    /// Votes of each query feature's nearest stored descriptors (`NeighbourVoting`): the default, far better
    /// across modalities.
    case votes
    /// Cosine similarity of tf-idf weighted visual-word histograms: the paper's recipe (MATLAB's
    /// retrieveImages).
    case tfidf
}
