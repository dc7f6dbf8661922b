import Foundation

/// The default re-ranker: geometric verification on the word positions stored in the index.
///
/// For each of the top candidates it finds the query-sized windows richest in the query's words, pairs each
/// query feature with the features of those windows that carry one of its nearest words, and asks RANSAC for
/// the rotation and shift most pairs agree on, in position and in orientation. The candidates are re-ordered
/// by the idf-weighted count of agreeing pairs (ties keep the tf-idf order), and each verified match carries
/// the query's footprint in the image. Nothing is re-extracted, so it costs milliseconds per candidate.
public struct FastReranker: Reranker {
    /// Windows searched per candidate image.
    public var windows: Int
    /// A word seen more often than this in the searched windows is too ambiguous to pair.
    public var maximumOccurrences: Int
    /// Fewest agreeing pairs that count as a verified match.
    public var minimumInliers: Int
    /// How many (word, query feature) pairs to look up: a query feature is paired through its nearest words,
    /// as many as fit this budget (at most `maximumAssignments`), so small queries, whose few features rarely
    /// land on the same word across modalities, get several words each while large ones stay cheap.
    public var assignmentBudget: Int
    public var maximumAssignments: Int
    /// Largest disagreement between a pair's orientations and the verified rotation (radians).
    public var angleTolerance: Double
    public var seed: UInt64

    public init(windows: Int = 3, maximumOccurrences: Int = 6, minimumInliers: Int = 5, assignmentBudget: Int = 4000,
                maximumAssignments: Int = 8, angleTolerance: Double = 0.35, seed: UInt64 = 1) {
        self.windows = windows
        self.maximumOccurrences = maximumOccurrences
        self.minimumInliers = minimumInliers
        self.assignmentBudget = assignmentBudget
        self.maximumAssignments = maximumAssignments
        self.angleTolerance = angleTolerance
        self.seed = seed
    }

    public func rerank(query: QueryFeatures, candidates: [Match], context: RerankContext) throws -> [Match] {
        let footprint = query.footprint
        let assignments = min(maximumAssignments, max(1, assignmentBudget / max(1, query.words.count)))
        let alternatives = assignments > 1 ? context.vocabulary.nearestWords(query.descriptors, count: assignments)
                                           : query.words.map { [$0.word] }
        let queryWords = Set(alternatives.joined())
        let verified = ParallelMap.results(candidates.count) { i -> (score: Double, region: MatchRegion?) in
            let words = try context.wordsOf(candidates[i].imageID)
            guard let image = context.images[candidates[i].imageID] else {
                throw CMIRError.failure("image \(candidates[i].name) is not in the index")
            }
            return verify(query: query, alternatives: alternatives, footprint: footprint, queryWords: queryWords,
                          candidate: words, imageSize: (image.width, image.height), idf: context.idf)
        }
        var reranked = candidates
        for i in reranked.indices {
            let outcome = try verified[i].get()
            reranked[i].score = outcome.score
            reranked[i].region = outcome.region
        }
        let order = reranked.indices.sorted { a, b in
            reranked[a].score != reranked[b].score ? reranked[a].score > reranked[b].score : a < b
        }
        return order.map { reranked[$0] }
    }

    private func verify(query: QueryFeatures, alternatives: [[UInt32]], footprint: (centreX: Double, centreY: Double, width: Double, height: Double),
                        queryWords: Set<UInt32>, candidate words: [VisualWord], imageSize: (Int, Int),
                        idf: [Float]) -> (score: Double, region: MatchRegion?) {
        let idfOf = { (word: UInt32) -> Double in Int(word) < idf.count ? Double(idf[Int(word)]) : 0 }
        let search = WindowSearch(querySize: (footprint.width, footprint.height))
        let kept = search.wordsInBestWindows(words, imageWidth: imageSize.0, imageHeight: imageSize.1,
                                             weight: { queryWords.contains($0.word) ? idfOf($0.word) : 0 },
                                             count: windows)
        var occurrences: [UInt32: [Int]] = [:]
        for index in kept where queryWords.contains(words[index].word) { occurrences[words[index].word, default: []].append(index) }
        let oriented = query.words.contains { $0.angle != 0 }
        var matches: [Correspondence] = []
        for (q, word) in query.words.enumerated() {
            for candidateWord in alternatives[q] {
                guard let targets = occurrences[candidateWord], targets.count <= maximumOccurrences else { continue }
                let weight = idfOf(candidateWord) / Double(targets.count)
                guard weight > 0 else { continue }
                for t in targets {
                    let target = words[t]
                    matches.append(Correspondence(queryIndex: q, targetIndex: t, query: (Double(word.x), Double(word.y)),
                                                  target: (Double(target.x), Double(target.y)), weight: weight,
                                                  rotation: oriented ? Double(target.angle - word.angle) : nil))
                }
            }
        }
        let size = max(footprint.width, footprint.height)
        let verifier = GeometricVerifier(tolerance: 6 + 0.02 * size, scaleRange: 0.8...1.25,
                                         angleTolerance: angleTolerance, iterations: oriented ? 400 : 1500, seed: seed)
        guard let geometry = verifier.verify(matches), geometry.inliers.count >= minimumInliers else { return (0, nil) }
        let centre = geometry.transform.apply(footprint.centreX, footprint.centreY)
        let scale = geometry.transform.scale
        let width = footprint.width * scale, height = footprint.height * scale
        let region = MatchRegion(x: centre.x - width / 2, y: centre.y - height / 2, width: width, height: height,
                                 angle: geometry.transform.angle * 180 / .pi)
        return (geometry.score, region)
    }
}
