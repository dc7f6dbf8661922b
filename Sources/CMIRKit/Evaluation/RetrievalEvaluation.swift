import Foundation

/// Runs every image of a query folder against an index (on all cores) and scores the rankings by
/// `TrueMatchRule`: the repository image with the query's file stem, or for slides the place its truth row gives.
public enum RetrievalEvaluation {
    public struct Outcome: Sendable {
        public let metrics: RetrievalMetrics
        /// Queries that could not be searched (unreadable, no features), with the reason; their rank is nil.
        public let failures: [IndexReport.Failure]
        /// With a transforms.csv beside the queries and a re-ranker that places matches, or with a slide truth
        /// table: per query stem, the distance (px) between the true centre of the query in its repository image
        /// and the centre the search found there; nil when the true image got no region, or no hit.
        public let localisation: [String: Double?]?
        /// Wall time of every query, in seconds, by stem.
        public let seconds: [String: Double]
    }

    public static func run(engine: Engine, queryDirectory: String, rerank: Int = 0, scoring: FirstStageScoring = .centres,
                           truth: [SlideTruth]? = nil, queryMicronsPerPixel: Double? = nil,
                           progress: any ProgressReporter = SilentProgress()) throws -> Outcome {
        let truthByStem = truth.map { Dictionary($0.map { ($0.query, $0) }, uniquingKeysWith: { first, _ in first }) }
        let paths = try ImageDirectory.imagePaths(in: queryDirectory)
        guard !paths.isEmpty else { throw CMIRError.input("\(queryDirectory): no query images") }
        let transforms = try transformsBeside(queryDirectory)
        let counter = ProgressCounter(stage: "queries", total: paths.count, progress: progress)
        let results = ParallelMap.results(paths.count) { i -> (rank: Int?, error: Double?, seconds: Double) in
            defer { counter.step(detail: FileStem.of(paths[i])) }
            let stem = FileStem.of(paths[i])
            let row = try truthByStem.map { table in
                guard let row = table[stem] else { throw CMIRError.input("\(stem) has no row in the truth table") }
                return row
            }
            // A slide hit is looked for in the whole ranking; a file's true match comes with the result anyway.
            let result = try engine.search(SearchRequest(path: paths[i], top: row == nil ? 0 : .max, rerank: rerank,
                                                         scoring: scoring, micronsPerPixel: queryMicronsPerPixel))
            if let row {
                let footprint = result.query.footprint
                let hit = TrueMatchRule.hit(in: result.matches, truth: row, querySide: max(footprint.width, footprint.height))
                return (hit?.match.rank, hit?.error, result.timings.total)
            }
            let error = centreError(of: result.trueMatch, in: engine, transform: transforms?[stem], query: result.query)
            return (result.trueMatch?.rank, error, result.timings.total)
        }
        var ranks: [String: Int?] = [:]
        var localisation: [String: Double?] = [:]
        var seconds: [String: Double] = [:]
        var failures: [IndexReport.Failure] = []
        for (path, result) in zip(paths, results) {
            let stem = FileStem.of(path)
            switch result {
            case .success(let outcome):
                ranks[stem] = .some(outcome.rank)
                localisation[stem] = .some(outcome.error)
                seconds[stem] = outcome.seconds
            case .failure(let error):
                ranks[stem] = .some(nil)
                localisation[stem] = .some(nil)
                failures.append(.init(path: path, reason: (error as? CMIRError)?.description ?? "\(error)"))
            }
        }
        let localised = (transforms != nil && rerank > 0) || truth != nil ? localisation : nil
        return Outcome(metrics: RetrievalMetrics(ranks: ranks), failures: failures, localisation: localised, seconds: seconds)
    }

    /// Distance (px) between the true centre of the query in its true image, by the query's `transform`, and the
    /// centre the search placed it at; nil when the true image got no region.
    public static func centreError(of truth: Match?, in engine: Engine, transform: QueryTransform?, query: QueryFeatures) -> Double? {
        guard let truth, let region = truth.region, let transform, let repository = engine.imagesByID[truth.imageID] else { return nil }
        let centre = transform.source(ofQueryX: Double(query.imageWidth - 1) / 2, y: Double(query.imageHeight - 1) / 2,
                                      width: repository.width, height: repository.height)
        let dx = region.x + region.width / 2 - centre.x, dy = region.y + region.height / 2 - centre.y
        return (dx * dx + dy * dy).squareRoot()
    }

    /// The transforms.csv that make-queries writes beside its queries, by stem; nil when there is none.
    static func transformsBeside(_ queryDirectory: String) throws -> [String: QueryTransform]? {
        let path = (queryDirectory as NSString).appendingPathComponent("transforms.csv")
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw CMIRError.input("\(path): cannot be read")
        }
        return Dictionary(try TransformTable.parse(text, source: path).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }
}

