/// The one search path: a request answered with its matches, its true match and its stage timings, used by
/// `cmir query`, `cmir eval`, the browser and the benchmarks.
extension Engine {
    /// How many nearest visual words each query feature probes in the votes (and offers the re-ranker).
    static let probedWords = 64

    /// Reads (unless given decoded), represents and analyses the query (unless given analysed), ranks the repository by the request's
    /// scoring, ties by name, and re-ranks the first `rerank` with the engine's re-ranker. Progress is reported
    /// and cancellation (`CancellationError`) checked between the stages.
    public func search(_ request: SearchRequest, progress: any ProgressReporter = SilentProgress(),
                       isCancelled: @Sendable () -> Bool = { false }) throws -> SearchResult {
        var timings = SearchTimings()
        let stages = request.rerank > 0 ? 4 : 3
        func stage<T>(_ done: Int, _ detail: String, _ time: WritableKeyPath<SearchTimings, Double>, _ body: () throws -> T) throws -> T {
            if isCancelled() { throw CancellationError() }
            progress.report(stage: "searching", done: done, total: stages, detail: detail)
            let start = ContinuousClock.now
            let result = try body()
            timings[keyPath: time] = (ContinuousClock.now - start).inSeconds
            return result
        }
        let query: QueryFeatures
        switch request.query {
        case .file(let path):
            let image = try stage(0, "loading the query", \.load) { try ImageFile.load(path).image }
            query = try stage(1, "representing and quantizing", \.analysis) { try analyze(image: image, region: request.region) }
        case .image(let image, _):
            query = try stage(1, "representing and quantizing", \.analysis) { try analyze(image: image, region: request.region) }
        case .features(let analysed, _):
            query = analysed
        }
        var ranking = try stage(2, "ranking", \.firstStage) { try firstStage(query, scoring: request.scoring) }
        if request.rerank > 0 {
            ranking = try stage(3, "re-ranking", \.rerank) {
                try rerank(query, ranking: ranking, depth: request.rerank, holdsFeatures: request.scoring == .votes)
            }
        }
        progress.report(stage: "searching", done: stages, total: stages, detail: "")
        return SearchResult(matches: Array(ranking.prefix(max(0, request.top))),
                            trueMatch: TrueMatchRule.trueMatch(in: ranking, queryName: request.queryName),
                            query: query, timings: timings)
    }

    /// Represents the query (or its `region`), extracts its features and finds each one's nearest visual words.
    /// Throws `.input` when the region misses the image or there are no features.
    public func analyze(image: Image, region: PixelRect? = nil) throws -> QueryFeatures {
        var source = image
        var offset: (x: Float, y: Float) = (0, 0)
        if let region {
            guard region.width > 0, region.height > 0, let crop = image.cropped(to: region) else {
                throw CMIRError.input("region \(region.x),\(region.y),\(region.width),\(region.height) lies outside the \(image.width) x \(image.height) image")
            }
            source = crop
            offset = (Float(max(0, region.x)), Float(max(0, region.y)))
        }
        let features = extractor.extract(from: try representations().query.represent(source))
        guard !features.isEmpty else {
            throw CMIRError.input("the query \(region == nil ? "image" : "region") has no \(extractor.name) features (too small or flat)")
        }
        let descriptors = DescriptorMatrix(features: features, columns: vocabulary.dimension)
        let nearest = vocabulary.nearestWords(descriptors, count: Self.probedWords)
        let words = zip(features, nearest).map { f, w in
            VisualWord(word: w[0], x: f.x + offset.x, y: f.y + offset.y, scale: f.scale, angle: f.angle)
        }
        return QueryFeatures(words: words, descriptors: descriptors, nearestWords: nearest, region: region,
                             imageWidth: image.width, imageHeight: image.height)
    }

    /// Every repository image ranked by its first-stage score, ties by name.
    func firstStage(_ query: QueryFeatures, scoring: FirstStageScoring) throws -> [Match] {
        let scores = switch scoring {
        case .tfidf: invertedFile.scores(for: WordHistogram(words: query.words.map(\.word)))
        case .votes: try storedFeatures.value().voting.scores(query.descriptors, probedWords: query.nearestWords)
        }
        let order = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        return order.enumerated().map { rank, i in
            Match(rank: rank + 1, name: images[i].name, path: images[i].path, score: Double(scores[i]), imageID: images[i].id)
        }
    }

    /// The ranking with its first `depth` re-ordered by the re-ranker, ranks renumbered. `holdsFeatures`: the
    /// first stage read every stored feature into memory, where the re-ranker reads its candidates.
    func rerank(_ query: QueryFeatures, ranking: [Match], depth: Int, holdsFeatures: Bool) throws -> [Match] {
        let reranker: any Reranker = switch rerankMethod {
        case .fast: FastReranker()
        case .paper: PaperReranker(repositoryRepresentation: try representations().repository)
        case .custom(let custom): custom
        }
        let inMemory = holdsFeatures ? try storedFeatures.value() : nil
        let context = RerankContext(
            idf: invertedFile.idf, images: imagesByID,
            featuresOf: { [store, vocabulary, positionByID] id in
                if let position = positionByID[id], let held = inMemory?.features(ofImageAt: position) { return held }
                return (try store.words(ofImage: id), try store.descriptors(ofImage: id, columns: vocabulary.dimension))
            },
            extractor: extractor, settings: summary.settings)
        var matches = try reranker.rerank(query: query, candidates: Array(ranking.prefix(depth)), context: context)
            + ranking.dropFirst(min(depth, ranking.count))
        for i in matches.indices { matches[i].rank = i + 1 }
        return matches
    }
}
