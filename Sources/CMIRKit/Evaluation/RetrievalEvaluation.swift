import Foundation

/// Runs every image of a query folder against an index (on all cores) and scores the rankings: the true
/// match of a query is the repository image with the same file stem.
public enum RetrievalEvaluation {
    public struct Outcome: Sendable {
        public let metrics: RetrievalMetrics
        /// Queries that could not be searched (unreadable, no features), with the reason; their rank is nil.
        public let failures: [IndexReport.Failure]
    }

    public static func run(engine: Engine, queryDirectory: String, representation: (any Representation)? = nil,
                           rerank: Int = 0, progress: any ProgressReporter = SilentProgress()) throws -> Outcome {
        let paths = try ImageDirectory.imagePaths(in: queryDirectory)
        guard !paths.isEmpty else { throw CMIRError.input("\(queryDirectory): no query images") }
        let counter = ProgressCounter(stage: "queries", total: paths.count, progress: progress)
        let results = ParallelMap.results(paths.count) { i -> Int? in
            defer { counter.step(detail: ImageDirectory.stem(of: paths[i])) }
            let image = try ImageFile.load(paths[i]).image
            let matches = try engine.search(image: image, representation: representation,
                                            top: engine.images.count, rerank: rerank)
            let stem = ImageDirectory.stem(of: paths[i])
            return matches.first { ImageDirectory.stem(of: $0.name) == stem }?.rank
        }
        var ranks: [String: Int?] = [:]
        var failures: [IndexReport.Failure] = []
        for (path, result) in zip(paths, results) {
            switch result {
            case .success(let rank): ranks[ImageDirectory.stem(of: path)] = .some(rank)
            case .failure(let error):
                ranks[ImageDirectory.stem(of: path)] = .some(nil)
                failures.append(.init(path: path, reason: (error as? CMIRError)?.description ?? "\(error)"))
            }
        }
        return Outcome(metrics: RetrievalMetrics(ranks: ranks), failures: failures)
    }
}

