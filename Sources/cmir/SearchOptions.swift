import ArgumentParser
import CMIRKit

/// `[--modality NAME] [--model FILE] [--scoring centres|votes|tfidf] [--rerank K [--rerank-method fast|paper]]`: how query and
/// eval search an index.
struct SearchOptions: ParsableArguments {
    enum Method: String, ExpressibleByArgument, CaseIterable {
        case fast, paper
    }

    @Option(help: "For an index built with --model: the modality of the query (the network that represents it); by default the model's other one.")
    var modality: String?

    @Option(help: "For an index built with --model: search with this model file instead, one fine-tuned from the index's (cmir train --fine-tune) that kept the network the index was built with.")
    var model: String?

    @Option(help: "First-stage ranking: centres (nearest stored descriptors voting where the query lies), votes (the same neighbours voting for whole places) or tfidf (visual-word histograms, as in the paper).")
    var scoring: FirstStageScoring = .centres

    @Option(parsing: .unconditional, help: "Re-rank the first K results (0: first-stage ranking only).")
    var rerank: Int = 0

    @Option(help: "Re-ranking method: fast (geometric verification on stored words) or paper (re-indexed patches, as published).")
    var rerankMethod: Method = .fast

    @Option(help: "Microns per pixel of the queries: they are rescaled to the repository's (when its slides say theirs).")
    var queryPixelSize: Double?

    func validate() throws {
        if rerank < 0 { throw ValidationError("--rerank must be 0 or more") }
        if let queryPixelSize, !(queryPixelSize > 0 && queryPixelSize.isFinite) {
            throw ValidationError("--query-pixel-size must be a positive number of microns")
        }
    }

    /// Opens the index (or shards folder) for these queries and this re-ranker; says on stderr which shards are missing
    /// or incomplete.
    func open(_ index: String) throws -> Engine {
        let engine = try Engine(indexPath: index, queryModality: modality, queryModel: model, reranker: rerankMethod == .paper ? .paper : .fast)
        if !engine.missingShards.isEmpty {
            ExitStatus.printError("warning: \(index): \(engine.missingShards.joined(separator: ", ")) missing (build \(engine.missingShards.count == 1 ? "it" : "them") with cmir index --shard); searching the others")
        }
        if !engine.incompleteShards.isEmpty {
            ExitStatus.printError("warning: \(index): \(engine.incompleteShards.joined(separator: ", ")) incomplete by its manifest (rebuild with cmir index --shard); searching what \(engine.incompleteShards.count == 1 ? "it holds" : "they hold")")
        }
        return engine
    }

    /// Says on stderr when a repository with slides is searched without both pixel sizes known.
    func notePixelSizes(_ engine: Engine) {
        guard engine.images.contains(where: { $0.slide != nil }), queryPixelSize == nil || engine.micronsPerPixel == nil else { return }
        ExitStatus.printError("note: \(queryPixelSize == nil ? "the queries' pixel size is not given (--query-pixel-size)" : "the slides do not record their pixel size"); equal pixel sizes assumed")
    }
}

extension FirstStageScoring: ExpressibleByArgument {}
