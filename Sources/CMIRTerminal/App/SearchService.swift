import CMIRKit
import Foundation

/// The browser's side of the engine: it turns an open `Engine` into the values the state machine
/// works with (repository listing, outcomes with the true match's rank, visual words) and supplies the
/// pictures and representations the thumbnails show. Thread-safe; searches run on background threads.
public final class SearchService: Sendable {
    public let engine: Engine
    /// How queries are represented; nil when the index holds raw images (raw queries then).
    public let queryRepresentation: (any Representation)?
    /// How repository images are represented (what the index used), for showing representations.
    public let repositoryRepresentation: any Representation
    /// Candidates handed to the re-ranker when re-ranking is on (the paper re-ranks the top 30).
    public static let rerankDepth = 30
    /// Results kept for display; the true match's rank is still found over the whole ranking.
    public static let displayLimit = 100

    public init(engine: Engine, queryRepresentation: (any Representation)?, repositoryRepresentation: any Representation) {
        self.engine = engine
        self.queryRepresentation = queryRepresentation
        self.repositoryRepresentation = repositoryRepresentation
    }

    public var canRerank: Bool { engine.reranker != nil }

    public var repositoryInfo: RepositoryInfo {
        let summary = engine.summary
        let description = IndexDescription(imageCount: summary.imageCount, representation: summary.representationSummary,
                                           model: summary.modelPath.map { ($0 as NSString).lastPathComponent },
                                           vocabularySize: summary.vocabularySize)
        return RepositoryInfo(description: description, entries: engine.images.map { RepositoryEntry(path: $0.path) })
    }

    /// Runs one search: load, represent and quantize the query, rank (and re-rank when asked and
    /// available). Throws `CancellationError` when `isCancelled` turns true between stages.
    public func search(_ request: SearchRequest, progress: any ProgressReporter,
                       isCancelled: @Sendable () -> Bool) throws -> SearchOutcome {
        let start = ContinuousClock.now
        progress.report(stage: "searching", done: 0, total: 3, detail: "loading the query")
        let image = try ImageFile.load(request.queryPath).image
        if isCancelled() { throw CancellationError() }
        progress.report(stage: "searching", done: 1, total: 3, detail: "representing and quantizing")
        let query = try engine.analyze(image: image, region: request.region, representation: queryRepresentation)
        if isCancelled() { throw CancellationError() }
        let rerank = request.rerank && canRerank
        progress.report(stage: "searching", done: 2, total: 3, detail: rerank ? "ranking and re-ranking" : "ranking")
        let ranking = try engine.search(query, top: engine.images.count, rerank: rerank ? Self.rerankDepth : 0)
        if isCancelled() { throw CancellationError() }
        let elapsed = ContinuousClock.now - start
        progress.report(stage: "searching", done: 3, total: 3, detail: "")
        let stem = ImageDirectory.stem(of: request.queryPath)
        let matches = ranking.prefix(Self.displayLimit).map {
            ResultEntry(rank: $0.rank, path: $0.path, score: $0.score, region: $0.region)
        }
        return SearchOutcome(matches: Array(matches), trueMatchRank: ranking.first { ImageDirectory.stem(of: $0.name) == stem }?.rank,
                             seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
                             reranked: rerank, queryWords: query.words.map { PlacedWord(word: Int($0.word), x: Double($0.x), y: Double($0.y)) })
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
        let representation = role == .repository ? repositoryRepresentation : (queryRepresentation ?? RawRepresentation())
        return try representation.represent(picture).percentileStretched(low: 0.01, high: 0.99)
    }
}
