import ArgumentParser
import CMIRKit

/// `--rerank K [--rerank-method fast|paper]`, shared by query and eval.
struct RerankOptions: ParsableArguments {
    enum Method: String, ExpressibleByArgument, CaseIterable {
        case fast, paper
    }

    @Option(help: "Re-rank the first K results (0: tf-idf ranking only).")
    var rerank: Int = 0

    @Option(help: "Re-ranking method: fast (geometric verification on stored words) or paper (re-indexed patches, as published).")
    var rerankMethod: Method = .fast

    func validate() throws {
        if rerank < 0 { throw ValidationError("--rerank must be 0 or more") }
    }

    /// The engine with the chosen re-ranker; the paper's re-ranker re-represents repository images the way
    /// the index did.
    func apply(to engine: Engine, repositoryRepresentation: any Representation) -> Engine {
        guard rerank > 0 else { return engine }
        switch rerankMethod {
        case .fast: return engine.with(reranker: FastReranker())
        case .paper: return engine.with(reranker: PaperReranker(repositoryRepresentation: repositoryRepresentation))
        }
    }
}
