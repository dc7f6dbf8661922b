import ArgumentParser
import CMIRKit

/// `[--modality NAME] [--scoring votes|tfidf] [--rerank K [--rerank-method fast|paper]]`: how query and
/// eval search an index.
struct SearchOptions: ParsableArguments {
    enum Method: String, ExpressibleByArgument, CaseIterable {
        case fast, paper
    }

    @Option(help: "For an index built with --model: the modality of the query (the network that represents it); by default the model's other one.")
    var modality: String?

    @Option(help: "First-stage ranking: votes (nearest stored descriptors) or tfidf (visual-word histograms, as in the paper).")
    var scoring: FirstStageScoring = .votes

    @Option(help: "Re-rank the first K results (0: first-stage ranking only).")
    var rerank: Int = 0

    @Option(help: "Re-ranking method: fast (geometric verification on stored words) or paper (re-indexed patches, as published).")
    var rerankMethod: Method = .fast

    func validate() throws {
        if rerank < 0 { throw ValidationError("--rerank must be 0 or more") }
    }

    /// Opens the index for these queries and this re-ranker.
    func open(_ index: String) throws -> Engine {
        try Engine(indexPath: index, queryModality: modality, reranker: rerankMethod == .paper ? .paper : .fast)
    }
}

extension FirstStageScoring: ExpressibleByArgument {}
