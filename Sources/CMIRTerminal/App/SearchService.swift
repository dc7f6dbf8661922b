import CMIRKit
import Foundation

/// The browser's side of the engine: it turns an open `Engine` into the values the state machine
/// works with (repository listing, outcomes with the true match's rank, visual words) and supplies the
/// pictures and representations the thumbnails show. Thread-safe; searches run on background threads.
public final class SearchService: Sendable {
    public let engine: Engine
    /// Candidates handed to the re-ranker when re-ranking is on (the paper re-ranks the top 30).
    public static let rerankDepth = 30
    /// Results kept for display; the true match's rank is still found over the whole ranking.
    public static let displayLimit = 100

    public init(engine: Engine) {
        self.engine = engine
    }

    /// Resolves the representations now (call off the main thread), so the first search does not wait.
    public func preload() {
        engine.preload()
    }

    public var repositoryInfo: RepositoryInfo {
        let summary = engine.summary
        var model: String?
        if case .comir(let comir) = summary.representation { model = (comir.modelPath as NSString).lastPathComponent }
        let description = IndexDescription(imageCount: summary.imageCount, representation: summary.representation.summary,
                                           model: model,
                                           vocabularySize: summary.vocabularySize)
        return RepositoryInfo(description: description, entries: engine.images.map { RepositoryEntry(path: $0.path) })
    }

    /// Runs one search: load, represent and quantize the query, rank (and re-rank when asked and
    /// available). Throws `CancellationError` when `isCancelled` turns true between stages.
    public func search(_ request: SearchRequest, progress: any ProgressReporter,
                       isCancelled: @Sendable () -> Bool) throws -> SearchOutcome {
        let rerank = request.rerank ? Self.rerankDepth : 0
        let result = try engine.search(CMIRKit.SearchRequest(path: request.queryPath, region: request.region, top: Self.displayLimit,
                                                             rerank: rerank),
                                       progress: progress, isCancelled: isCancelled)
        let matches = result.matches.map {
            ResultEntry(rank: $0.rank, path: $0.path, score: $0.score, region: $0.verifiedRegion)
        }
        return SearchOutcome(matches: matches, trueMatchRank: result.trueMatch?.rank, seconds: result.timings.total,
                             reranked: rerank > 0,
                             queryWords: result.query.words.map { PlacedWord(word: Int($0.word), x: Double($0.x), y: Double($0.y)) })
    }

    /// The stored visual words of a repository image.
    public func words(ofImageAt path: String) throws -> [PlacedWord] {
        guard let image = engine.images.first(where: { $0.path == path }) else {
            throw CMIRError.input("\(path) is not in the index")
        }
        return try engine.words(ofImage: image.id).map { PlacedWord(word: Int($0.word), x: Double($0.x), y: Double($0.y)) }
    }

    /// The source of a thumbnail: the picture, or its representation stretched for viewing.
    public func image(path: String, role: ImageRole, layer: ImageLayer) throws -> Image {
        let picture = try ImageFile.load(path).image
        guard layer == .representation else { return picture }
        let sides = try engine.representations()
        let representation = role == .repository ? sides.repository : sides.query
        return try representation.represent(picture).percentileStretched(low: 0.01, high: 0.99)
    }
}
