import Foundation

/// The default re-ranker: geometric verification on the features stored in the index.
///
/// For each of the top candidates it finds the query-sized windows richest in the query's words, pairs each
/// query feature with the stored features of those windows whose descriptors are nearest to its own, and asks
/// RANSAC for the rotation and shift most pairs agree on, in position and in orientation. Each candidate carries
/// the query's footprint in the image under that rotation and shift (its region), and it is verified when its
/// agreeing pairs are more than chance gives; the verified come first, by the number of agreeing pairs (ties
/// keep the first-stage order), the rest keep the first-stage order. Nothing is re-extracted, so it costs
/// milliseconds per candidate.
///
/// Pairs come from descriptor distances rather than shared visual words: across modalities the same structure
/// rarely lands on the same one of thousands of words, while its nearest stored descriptors often include it.
public struct FastReranker: Reranker {
    /// Windows searched per candidate image.
    public var windows: Int
    /// Fewest agreeing pairs that count as evidence for the ranking and give a region.
    public var minimumInliers: Int
    /// Fewest agreeing pairs, per square root of the pairs tried, for a match to count as verified: chance
    /// agreement grows with the number of pairs (docs/decisions.md, "Fast re-ranker verification").
    public var significance: Double
    /// How many (query feature, image feature) pairs to verify per candidate: each query feature is paired
    /// with its nearest stored descriptors, as many as fit this budget (at most `maximumNeighbours`), so small
    /// queries get several chances per feature while large ones stay cheap. The window search weighs as many
    /// nearest visual words per query feature.
    public var pairBudget: Int
    public var maximumNeighbours: Int
    /// Largest disagreement between a pair's orientations and the verified rotation (radians).
    public var angleTolerance: Double
    public var seed: UInt64

    public init(windows: Int = 3, minimumInliers: Int = 5, significance: Double = 0.3, pairBudget: Int = 4000,
                maximumNeighbours: Int = 5, angleTolerance: Double = 0.35, seed: UInt64 = 1) {
        self.windows = windows
        self.minimumInliers = minimumInliers
        self.significance = significance
        self.pairBudget = pairBudget
        self.maximumNeighbours = maximumNeighbours
        self.angleTolerance = angleTolerance
        self.seed = seed
    }

    public func rerank(query: QueryFeatures, candidates: [Match], context: RerankContext) throws -> [Match] {
        let footprint = query.footprint
        let neighbours = min(maximumNeighbours, max(1, pairBudget / max(1, query.words.count)))
        let queryWords: Set<UInt32> = neighbours > 1
            ? Set(query.nearestWords.flatMap { $0.prefix(neighbours) })
            : Set(query.words.map(\.word))
        let outcomes = ParallelMap.results(candidates.count) { i -> (score: Double, region: MatchRegion?, verified: Bool) in
            let extent = context.extentOf(candidates[i])
            let (words, descriptors) = try context.featuresOf(candidates[i])
            let weight = { (word: VisualWord) -> Double in
                queryWords.contains(word.word) && Int(word.word) < context.idf.count ? Double(context.idf[Int(word.word)]) : 0
            }
            let kept = WindowSearch(querySize: (footprint.width, footprint.height))
                .wordsInBestWindows(words, imageWidth: extent.width, imageHeight: extent.height, weight: weight, count: windows)
            let pairs = try Self.nearestPairs(query: query, candidateWords: words, descriptors: descriptors,
                                              kept: kept, neighbours: neighbours)
            return verify(pairs, footprint: footprint)
        }
        var reranked = candidates
        for i in reranked.indices {
            let outcome = try outcomes[i].get()
            reranked[i].score = outcome.score
            reranked[i].region = outcome.region
            reranked[i].verified = outcome.verified
        }
        // Verified matches by their pairs, then the unverified in the first stage's order: a pair count too small
        // to verify says less than the first stage did (docs/decisions.md, "The dense stage").
        let order = reranked.indices.sorted { a, b in
            if reranked[a].verified != reranked[b].verified { return reranked[a].verified }
            return reranked[a].verified && reranked[a].score != reranked[b].score ? reranked[a].score > reranked[b].score : a < b
        }
        return order.map { reranked[$0] }
    }

    /// Every query feature with the `neighbours` stored features among `kept` whose descriptors lie nearest.
    static func nearestPairs(query: QueryFeatures, candidateWords words: [VisualWord], descriptors: DescriptorMatrix,
                             kept: [Int], neighbours: Int) throws -> [Correspondence] {
        guard descriptors.rows == words.count, descriptors.columns == query.descriptors.columns else {
            throw CMIRError.input("the index's descriptors do not match its words; rebuild it with cmir index")
        }
        guard !kept.isEmpty else { return [] }
        let nearest = NearestCentroidSearch(centroids: descriptors.rows(at: kept)).nearest(query.descriptors, count: neighbours)
        let oriented = query.words.contains { $0.angle != 0 }
        var pairs: [Correspondence] = []
        pairs.reserveCapacity(query.words.count * neighbours)
        for (q, word) in query.words.enumerated() {
            for k in nearest[q] {
                let t = kept[Int(k)]
                let target = words[t]
                pairs.append(Correspondence(queryIndex: q, targetIndex: t, query: (Double(word.x), Double(word.y)),
                                            target: (Double(target.x), Double(target.y)), weight: 1,
                                            rotation: oriented ? Double(target.angle - word.angle) : nil))
            }
        }
        return pairs
    }

    /// The inlier count of the best similarity transform, the query's footprint under it, and whether the count is
    /// significant; (0, nil, false) when too few pairs agree.
    private func verify(_ pairs: [Correspondence], footprint: (centreX: Double, centreY: Double, width: Double, height: Double))
        -> (score: Double, region: MatchRegion?, verified: Bool) {
        let oriented = pairs.contains { $0.rotation != nil }
        let size = max(footprint.width, footprint.height)
        let verifier = GeometricVerifier(tolerance: 6 + 0.02 * size, scaleRange: 0.8...1.25,
                                         angleTolerance: angleTolerance, iterations: oriented ? 400 : 1500, seed: seed)
        guard let geometry = verifier.verify(pairs), geometry.inliers.count >= minimumInliers else { return (0, nil, false) }
        let centre = geometry.transform.apply(footprint.centreX, footprint.centreY)
        let scale = geometry.transform.scale
        let width = footprint.width * scale, height = footprint.height * scale
        let region = MatchRegion(x: centre.x - width / 2, y: centre.y - height / 2, width: width, height: height,
                                 angle: geometry.transform.angle * 180 / .pi)
        let significant = Double(geometry.inliers.count) >= significance * Double(pairs.count).squareRoot()
        return (geometry.score, region, significant)
    }
}
