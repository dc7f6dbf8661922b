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

    /// Opens the index with the chosen re-ranker, and the representation its queries need. The paper's
    /// re-ranker re-represents repository images the way the index did.
    func open(_ index: String) throws -> (engine: Engine, queryRepresentation: any Representation) {
        let opened = try Engine(indexPath: index)
        let representations = try IndexRepresentations.resolve(for: opened.summary, indexPath: index, queryModality: modality)
        guard rerank > 0 else { return (opened, representations.query) }
        let reranker: any Reranker = switch rerankMethod {
        case .fast: FastReranker()
        case .paper: PaperReranker(repositoryRepresentation: representations.repository)
        }
        return (opened.with(reranker: reranker), representations.query)
    }
}

extension FirstStageScoring: ExpressibleByArgument {}
