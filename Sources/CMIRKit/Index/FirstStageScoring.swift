/// How the first stage ranks the whole repository, before any re-ranking.
public enum FirstStageScoring: String, Sendable, CaseIterable {
    /// Nearest stored descriptors voting for where the query's centre lies (`CentreVoting`): the default, the
    /// best across modalities and the one that places a query on a slide.
    case centres
    /// The same neighbours voting for whole places, wherever in them they lie (`NeighbourVoting`).
    case votes
    /// Cosine similarity of tf-idf weighted visual-word histograms: the paper's recipe (MATLAB's
    /// retrieveImages).
    case tfidf
}
