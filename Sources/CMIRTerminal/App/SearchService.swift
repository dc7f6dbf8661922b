import CMIRKit
import Foundation

/// The browser's side of the engine: it turns an open `Engine` into the values the state machine
/// works with (repository listing, outcomes with the true match's rank, visual words) and supplies the
/// pictures and representations the thumbnails show. Thread-safe; searches run on background threads.
public final class SearchService: Sendable {
    public let engine: Engine
    /// How queries and how repository images are represented (the query side nil for a raw index: the
    /// engine picks raw itself). Resolved on first use (a model file takes a moment to load), or ahead of
    /// time by `preload()`.
    public typealias Representations = (query: (any Representation)?, repository: any Representation)
    private let representations: Once<Representations>
    /// Candidates handed to the re-ranker when re-ranking is on (the paper re-ranks the top 30).
    public static let rerankDepth = 30
    /// Results kept for display; the true match's rank is still found over the whole ranking.
    public static let displayLimit = 100

    /// `representations` runs once, on first need, on whichever thread needs it.
    public init(engine: Engine, representations: @escaping @Sendable () throws -> Representations) {
        self.engine = engine
        self.representations = Once(representations)
    }

    /// An index of raw images: raw on both sides.
    public convenience init(rawIndex engine: Engine) {
        self.init(engine: engine) { (nil, RawRepresentation()) }
    }

    /// Resolves the representations now (call off the main thread), so the first search does not wait.
    public func preload() {
        _ = try? representations.value()
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
        let query = try engine.analyze(image: image, region: request.region, representation: try representations.value().query)
        if isCancelled() { throw CancellationError() }
        let rerank = request.rerank && canRerank
        progress.report(stage: "searching", done: 2, total: 3, detail: rerank ? "ranking and re-ranking" : "ranking")
        let ranking = try engine.search(query, top: engine.images.count, rerank: rerank ? Self.rerankDepth : 0)
        if isCancelled() { throw CancellationError() }
        let elapsed = ContinuousClock.now - start
        progress.report(stage: "searching", done: 3, total: 3, detail: "")
        let stem = ImageDirectory.stem(of: request.queryPath)
        let matches = ranking.prefix(Self.displayLimit).map {
            ResultEntry(rank: $0.rank, path: $0.path, score: $0.score, region: $0.verified ? $0.region : nil)
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
        let sides = try representations.value()
        let representation = role == .repository ? sides.repository : (sides.query ?? RawRepresentation())
        return try representation.represent(picture).percentileStretched(low: 0.01, high: 0.99)
    }
}

/// A value made on first request and kept; a failure is kept too (and thrown to every caller).
final class Once<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var make: (@Sendable () throws -> Value)?
    private var result: Result<Value, Error>?

    init(_ make: @escaping @Sendable () throws -> Value) { self.make = make }

    func value() throws -> Value {
        lock.lock(); defer { lock.unlock() }
        if result == nil, let make {
            result = Result { try make() }
            self.make = nil
        }
        return try result!.get()
    }
}
