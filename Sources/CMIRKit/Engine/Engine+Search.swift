/// The one search path: a request answered with its matches, its true match and its stage timings, used by
/// `cmir query`, `cmir eval`, the browser and the benchmarks.
extension Engine {
    /// How many nearest visual words each query feature probes in the votes (and offers the re-ranker).
    static let probedWords = 64
    /// Most cells a listed window of a slide may share with a better one: one lets diagonal neighbours through,
    /// so no cell is left out of every listed window (docs/decisions.md, "Places on slides").
    static let sharedCells = 1

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
        let scale = micronsPerPixel.flatMap { repository in request.micronsPerPixel.map { $0 / repository } }
        switch request.query {
        case .file(let path):
            let image = try stage(0, "loading the query", \.load) { try ImageFile.load(path).image }
            query = try stage(1, "representing and quantizing", \.analysis) { try analyze(image: image, region: request.region, scale: scale) }
        case .image(let image, _):
            query = try stage(1, "representing and quantizing", \.analysis) { try analyze(image: image, region: request.region, scale: scale) }
        case .features(let analysed, _):
            query = analysed
        }
        let (firstRanking, windows) = try stage(2, "ranking", \.firstStage) { try firstStage(query, scoring: request.scoring) }
        var ranking = firstRanking
        if request.rerank > 0 {
            ranking = try stage(3, "re-ranking", \.rerank) {
                try rerank(query, windows: windows, ranking: ranking, depth: request.rerank)
            }
        }
        progress.report(stage: "searching", done: stages, total: stages, detail: "")
        return SearchResult(matches: Array(ranking.prefix(max(0, request.top))),
                            trueMatch: TrueMatchRule.trueMatch(in: ranking, queryName: request.queryName),
                            query: query, timings: timings, queryScale: scale)
    }

    /// A whole query image's representation as the search sees it: by the query modality's network, its edges
    /// mirrored (a query is cut from a larger scene).
    public func representQuery(_ image: Image) throws -> Image {
        try representations().query.represent(image, edges: .mirrored)
    }

    /// Represents the query (or its `region`, the image around it as context; mirrored beyond the image's edges,
    /// `ImageEdges.mirrored`), extracts its features and finds each one's nearest visual words.
    /// `scale` resizes the query first (its pixel size over the repository's); the features are then in the
    /// resized query's pixels. Throws `.input` when the region misses the image or there are no features.
    public func analyze(image given: Image, region givenRegion: PixelRect? = nil, scale: Double? = nil) throws -> QueryFeatures {
        let (image, region) = Self.rescaled(given, region: givenRegion, by: scale)
        let representation = try representations().query
        let represented: Image
        var offset: (x: Float, y: Float) = (0, 0)
        if let region {
            let bounds = PixelRect(x: 0, y: 0, width: image.width, height: image.height)
            guard region.width > 0, region.height > 0, let part = region.intersection(bounds) else {
                throw CMIRError.input("region \(region.x),\(region.y),\(region.width),\(region.height) lies outside the \(image.width) x \(image.height) image")
            }
            // The image around the region is its context, as far as the network looks.
            let reach = representation.contextRadius
            let around = PixelRect(x: part.x - reach, y: part.y - reach, width: part.width + 2 * reach,
                                   height: part.height + 2 * reach).intersection(bounds) ?? part
            let context = try representation.represent(image.cropped(to: around) ?? image, edges: .mirrored)
            represented = context.cropped(to: PixelRect(x: part.x - around.x, y: part.y - around.y, width: part.width,
                                                        height: part.height)) ?? context
            offset = (Float(part.x), Float(part.y))
        } else {
            represented = try representQuery(image)
        }
        let features = extractor.extract(from: represented)
        guard !features.isEmpty else {
            throw CMIRError.input("the query \(region == nil ? "image" : "region") has no \(extractor.name) features (too small or flat)")
        }
        let descriptors = DescriptorMatrix(features: features, columns: vocabulary.dimension)
        let nearest = vocabulary.nearestWords(descriptors, count: Self.probedWords)
        let words = zip(features, nearest).map { f, w in
            VisualWord(word: w[0], x: f.x + offset.x, y: f.y + offset.y, scale: f.scale, angle: f.angle)
        }
        return QueryFeatures(words: words, descriptors: descriptors, nearestWords: nearest, region: region,
                             imageWidth: image.width, imageHeight: image.height, representation: represented)
    }

    /// The windows of places a query of this size is scored against by votes and tf-idf (`PlaceWindow`).
    func placeWindows(for query: QueryFeatures) -> [PlaceWindow] {
        let footprint = query.footprint
        return PlaceWindow.windows(images: images, places: places, querySide: max(footprint.width, footprint.height))
    }

    /// The least share of the stored features a slide's window is divided by: the median over the slides' windows
    /// that hold any. Windows at a slide's edge or on glass hold few features, and dividing their few votes by so
    /// small a share let them outrank the true place among many slides (docs/decisions.md, "Windows on the
    /// edge of a slide").
    private func slideShareFloor(windows: [PlaceWindow], shares: [Float]) -> Float {
        let slideShares = windows.indices.filter { images[windows[$0].image].slide != nil && shares[$0] > 0 }
            .map { shares[$0] }.sorted()
        return slideShares.isEmpty ? 0 : slideShares[slideShares.count / 2]
    }

    /// Every candidate place ranked by its first-stage score, and the windows the matches stand for. Centres:
    /// each whole image and each spot of a slide (`centreStage`). Votes and tf-idf: each whole image, and the
    /// best windows of each slide (`PlaceWindow`) that share at most `sharedCells` cells with each better one.
    func firstStage(_ query: QueryFeatures, scoring: FirstStageScoring) throws -> (ranking: [Match], windows: [PlaceWindow]) {
        switch scoring {
        case .centres:
            return try centreStage(query)
        case .tfidf:
            let cosines = try storedFeatures.value().invertedFile.scores(for: WordHistogram(words: query.words.map(\.word)))
            let windows = placeWindows(for: query)
            return listed(windows) { w in windows[w].places.map { cosines[$0] }.max() ?? 0 }
        case .votes:
            let voting = try storedFeatures.value().voting
            let votes = voting.votes(query.descriptors, probedWords: query.nearestWords)
            let perFeature = 1 / Float(max(1, query.descriptors.rows))
            let windows = placeWindows(for: query)
            let shares = windows.map { window in window.places.reduce(Float(0)) { $0 + voting.shares[$1] } }
            let floor = slideShareFloor(windows: windows, shares: shares)
            return listed(windows) { w in
                guard shares[w] > 0 else { return 0 }
                let share = images[windows[w].image].slide == nil ? shares[w] : max(shares[w], floor)
                return windows[w].places.reduce(Float(0)) { $0 + votes[$1] } / share * perFeature
            }
        }
    }

    /// The windows ranked by `score` of each one's index (ties in file order), leaving out those that share more
    /// than `sharedCells` cells with a better one.
    private func listed(_ windows: [PlaceWindow], score: (Int) -> Float) -> (ranking: [Match], windows: [PlaceWindow]) {
        let scores = windows.indices.map(score)
        let order = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        var listed: [Set<Int>] = []
        var matches: [Match] = []
        for w in order where listed.allSatisfy({ $0.intersection(windows[w].places).count <= Self.sharedCells }) {
            listed.append(Set(windows[w].places))
            let image = images[windows[w].image]
            var match = Match(rank: matches.count + 1, name: image.name, path: image.path, score: Double(scores[w]), imageID: image.id,
                              place: image.slide == nil ? nil : Self.scaled(windows[w].rect, by: image.scale))
            match.window = w
            matches.append(match)
        }
        return (matches, windows)
    }

    /// The ranking with its first `depth` re-ordered by the re-ranker, ranks renumbered, regions in level-0
    /// pixels. The candidates' features come from memory (`storedFeatures`).
    func rerank(_ query: QueryFeatures, windows: [PlaceWindow], ranking: [Match], depth: Int) throws -> [Match] {
        let reranker: any Reranker = switch rerankMethod {
        case .fast: FastReranker()
        case .paper: PaperReranker(repositoryRepresentation: try representations().repository)
        case .custom(let custom): custom
        }
        let footprint = query.footprint
        if case .paper = rerankMethod, ranking.prefix(depth).contains(where: { $0.place != nil }) {
            throw CMIRError.input("the paper's re-ranker works on whole images, not on slides; use --rerank-method fast")
        }
        let stored = try storedFeatures.value()
        let context = RerankContext(
            idf: stored.invertedFile.idf,
            extentOf: { match in (windows[match.window].rect.width, windows[match.window].rect.height) },
            featuresOf: { [shards, coder, places] match in
                let window = windows[match.window]
                let parts = try window.places.map { p -> (words: [VisualWord], descriptors: DescriptorMatrix) in
                    guard let held = try stored.features(ofPlaceAt: p) else {
                        throw IndexStore.damaged(shards.paths[places[p].shard], "place \(places[p].id) has words beyond the vocabulary")
                    }
                    return held
                }
                let all = parts.flatMap(\.words), values = parts.flatMap(\.descriptors.values), d = coder.vocabulary.dimension
                let inside = all.indices.filter { window.rect.contains(x: all[$0].x, y: all[$0].y) }
                let words = inside.map { i in
                    var shifted = all[i]
                    shifted.x -= Float(window.rect.x); shifted.y -= Float(window.rect.y)
                    return shifted
                }
                return (words, DescriptorMatrix(rows: words.count, columns: d, values: inside.flatMap { values[($0 * d)..<(($0 + 1) * d)] }))
            },
            extractor: extractor, settings: summary.settings)
        var matches = try reranker.rerank(query: query, candidates: Array(ranking.prefix(depth)), context: context)
            + ranking.dropFirst(min(depth, ranking.count))
        for i in matches.indices where i < depth {
            let window = windows[matches[i].window], scale = images[window.image].scale
            if let placement = window.placement, !matches[i].verified {
                matches[i].region = Self.levelZero(placement, scale: scale)
            } else if let region = matches[i].region {
                matches[i].region = Self.levelZero(region, origin: window.rect, scale: scale)
            }
        }
        matches = Self.distinctPlaces(matches, apart: max(footprint.width, footprint.height) / 2)
        for i in matches.indices { matches[i].rank = i + 1 }
        return matches
    }

    /// The matches without those of a slide whose centre lies within `apart` (level-0 pixels) of a better match
    /// on the same slide: windows that share no cell can still place the query at the same spot.
    static func distinctPlaces(_ matches: [Match], apart: Double) -> [Match] {
        var kept: [Match] = []
        for match in matches {
            guard let centre = match.centre else { kept.append(match); continue }
            let repeated = kept.contains { other in
                guard other.imageID == match.imageID, let seen = other.centre else { return false }
                return (seen.x - centre.x) * (seen.x - centre.x) + (seen.y - centre.y) * (seen.y - centre.y) < apart * apart
            }
            if !repeated { kept.append(match) }
        }
        return kept
    }

    /// The image and region resized by `scale` (none when nil or 1).
    static func rescaled(_ image: Image, region: PixelRect?, by scale: Double?) -> (Image, PixelRect?) {
        guard let scale, scale > 0, abs(scale - 1) > 1e-6 else { return (image, region) }
        let resized = image.resized(width: max(1, Int((Double(image.width) * scale).rounded())),
                                    height: max(1, Int((Double(image.height) * scale).rounded())))
        return (resized, region.map { scaled($0, by: scale) })
    }

    /// A rectangle with its corner and size multiplied by `scale` (indexed pixels to level-0 pixels, say).
    static func scaled(_ rect: PixelRect, by scale: Double) -> PixelRect {
        PixelRect(x: Int((Double(rect.x) * scale).rounded()), y: Int((Double(rect.y) * scale).rounded()),
                  width: Int((Double(rect.width) * scale).rounded()), height: Int((Double(rect.height) * scale).rounded()))
    }

    /// A region relative to a window of indexed pixels (or, without one, in the file's indexed pixels), in level-0
    /// pixels of the file.
    static func levelZero(_ region: MatchRegion, origin: PixelRect = PixelRect(x: 0, y: 0, width: 0, height: 0),
                          scale: Double) -> MatchRegion {
        MatchRegion(x: (region.x + Double(origin.x)) * scale, y: (region.y + Double(origin.y)) * scale,
                    width: region.width * scale, height: region.height * scale, angle: region.angle)
    }
}
