import Foundation

/// The facade of the engine: what the CLI and the terminal UI use to build, open and search an index.
/// An open engine is immutable and thread-safe: searches may run concurrently (as `cmir eval` does).
public final class Engine: Sendable {
    public let indexPath: String
    public let summary: IndexSummary
    /// The repository images, ordered by name.
    public let images: [IndexedImage]
    /// Re-orders the top of a ranking when a search asks for it (`rerank > 0`); nil until one is plugged in.
    public let reranker: (any Reranker)?

    private let store: IndexStore
    private let imagesByID: [Int64: IndexedImage]
    public let vocabulary: Vocabulary  // public: the benchmarks time quantization against it
    private let invertedFile: InvertedFile
    /// Built from every stored descriptor on the first search that votes.
    private let voting: LazyValue<NeighbourVoting>
    private let extractor: any FeatureExtractor

    /// Builds or updates the index at `output` from the images directly inside `directory`; see
    /// `IndexBuilder` for when the vocabulary is (re)built and what is re-indexed. Unreadable images are
    /// listed in the report, never fatal; only a folder with nothing indexable throws. Without `settings`, the
    /// default vocabulary and the representation's default features (`IndexSettings.defaultFeatures`).
    public static func buildIndex(directory: String, output: String, settings: IndexSettings? = nil,
                                  representation: any Representation = RawRepresentation(),
                                  model: ModelIdentity? = nil,
                                  progress: any ProgressReporter = SilentProgress(),
                                  isCancelled: @escaping @Sendable () -> Bool = { false }) throws -> IndexReport {
        try IndexBuilder(directory: directory, output: output,
                         settings: settings ?? IndexSettings(features: IndexSettings.defaultFeatures(for: representation)),
                         representation: representation,
                         model: model, progress: progress, isCancelled: isCancelled).run()
    }

    /// Opens an index for searching. A missing, foreign, damaged or unfinished file throws `.input`.
    public init(indexPath: String, reranker: (any Reranker)? = nil) throws {
        let store = try IndexStore.open(indexPath)
        guard let identity = try store.identity(), let vocabulary = try store.vocabulary() else {
            throw CMIRError.input("\(indexPath): the index is unfinished; run cmir index again")
        }
        let extractor = try makeExtractor(named: identity.settings.features)
        guard extractor.descriptorLength == vocabulary.dimension else {
            throw CMIRError.input("\(indexPath): vocabulary dimension \(vocabulary.dimension) does not fit \(extractor.name) descriptors")
        }
        let rows = try store.images()
        self.indexPath = indexPath
        self.store = store
        self.vocabulary = vocabulary
        self.extractor = extractor
        self.reranker = reranker
        self.images = rows.map(\.image)
        self.imagesByID = Dictionary(uniqueKeysWithValues: rows.map { ($0.image.id, $0.image) })
        self.invertedFile = InvertedFile(histograms: rows.map(\.histogram), vocabularySize: vocabulary.size)
        let images = self.images
        self.voting = LazyValue { [store, vocabulary] in
            try NeighbourVoting(images: images.map { image in
                (try store.words(ofImage: image.id), try store.descriptorCodes(ofImage: image.id, columns: vocabulary.dimension))
            }, vocabularySize: vocabulary.size, columns: vocabulary.dimension)
        }
        self.summary = IndexSummary(imageCount: rows.count, representation: identity.representation,
                                    representationSummary: identity.representationSummary,
                                    modelPath: identity.modelPath, settings: identity.settings,
                                    vocabularySize: vocabulary.size)
    }

    /// The same open index with another re-ranker (nothing is read again): callers that choose the
    /// re-ranker from the index's own summary open the engine first.
    public func with(reranker: (any Reranker)?) -> Engine {
        Engine(copying: self, reranker: reranker)
    }

    private init(copying other: Engine, reranker: (any Reranker)?) {
        indexPath = other.indexPath
        summary = other.summary
        images = other.images
        imagesByID = other.imagesByID
        store = other.store
        vocabulary = other.vocabulary
        invertedFile = other.invertedFile
        voting = other.voting
        extractor = other.extractor
        self.reranker = reranker
    }

    /// The stored words of a repository image (positions in that image's pixels).
    public func words(ofImage id: Int64) throws -> [VisualWord] {
        try store.words(ofImage: id)
    }

    /// Represents the query (or its `region`), extracts and quantizes its features. Throws `.input` when
    /// the region misses the image, the representation does not fit the index, or there are no features.
    /// Without a `representation`, an index of raw images is queried with raw images.
    public func analyze(image: Image, region: PixelRect? = nil, representation: (any Representation)? = nil) throws
        -> QueryFeatures {
        let representation = try queryRepresentation(representation)
        var source = image
        var offset: (x: Float, y: Float) = (0, 0)
        if let region {
            guard region.width > 0, region.height > 0, let crop = image.cropped(to: region) else {
                throw CMIRError.input("region \(region.x),\(region.y),\(region.width),\(region.height) lies outside the \(image.width) x \(image.height) image")
            }
            source = crop
            offset = (Float(max(0, region.x)), Float(max(0, region.y)))
        }
        let features = extractor.extract(from: try representation.represent(source))
        guard !features.isEmpty else {
            throw CMIRError.input("the query \(region == nil ? "image" : "region") has no \(extractor.name) features (too small or flat)")
        }
        let descriptors = DescriptorMatrix(features: features, columns: vocabulary.dimension)
        let ids = vocabulary.quantize(descriptors)
        let words = zip(features, ids).map { f, w in
            VisualWord(word: w, x: f.x + offset.x, y: f.y + offset.y, scale: f.scale, angle: f.angle)
        }
        return QueryFeatures(words: words, descriptors: descriptors, region: region, imageWidth: image.width, imageHeight: image.height)
    }

    /// Ranks the repository for an analysed query by the `scoring` of every image, ties by name; then, when
    /// `rerank` is positive, the re-ranker re-orders the first `rerank` candidates. Returns the first `top`.
    public func search(_ query: QueryFeatures, top: Int = 10, rerank: Int = 0,
                       scoring: FirstStageScoring = .votes) throws -> [Match] {
        let (scores, probedWords) = try firstStageScores(query, scoring: scoring)
        let order = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        var matches = order.enumerated().map { rank, i in
            Match(rank: rank + 1, name: images[i].name, path: images[i].path, score: Double(scores[i]),
                  imageID: images[i].id)
        }
        if rerank > 0 {
            guard let reranker else { throw CMIRError.input("re-ranking is not available in this build") }
            let context = RerankContext(idf: invertedFile.idf, images: imagesByID,
                                        wordsOf: { [store] in try store.words(ofImage: $0) },
                                        descriptorsOf: { [store, vocabulary] in
                                            try store.descriptors(ofImage: $0, columns: vocabulary.dimension)
                                        },
                                        queryNearestWords: { [vocabulary] count in
                                            if let probedWords, count <= probedWords.probes {
                                                return probedWords.words.map { Array($0.prefix(count)) }
                                            }
                                            return vocabulary.nearestWords(query.descriptors, count: count)
                                        },
                                        extractor: extractor, settings: summary.settings)
            let head = try reranker.rerank(query: query, candidates: Array(matches.prefix(rerank)), context: context)
            matches = head + matches.dropFirst(min(rerank, matches.count))
            for i in matches.indices { matches[i].rank = i + 1 }
        }
        return Array(matches.prefix(max(0, top)))
    }

    /// Analyse and search in one call, with progress and cancellation between the stages.
    public func search(image: Image, region: PixelRect? = nil, representation: (any Representation)? = nil,
                       top: Int = 10, rerank: Int = 0, scoring: FirstStageScoring = .votes,
                       progress: any ProgressReporter = SilentProgress(),
                       isCancelled: @Sendable () -> Bool = { false }) throws -> [Match] {
        progress.report(stage: "query", done: 0, total: 2, detail: "features")
        let query = try analyze(image: image, region: region, representation: representation)
        if isCancelled() { throw CancellationError() }
        progress.report(stage: "query", done: 1, total: 2, detail: "ranking")
        let matches = try search(query, top: top, rerank: rerank, scoring: scoring)
        progress.report(stage: "query", done: 2, total: 2, detail: "")
        return matches
    }

    /// Every image's first-stage score, and for votes the nearest words each query feature probed (nearest
    /// first), which the re-ranker reuses rather than searching the vocabulary again.
    private func firstStageScores(_ query: QueryFeatures, scoring: FirstStageScoring) throws
        -> (scores: [Float], probed: (probes: Int, words: [[UInt32]])?) {
        switch scoring {
        case .tfidf:
            return (invertedFile.scores(for: WordHistogram(words: query.words.map(\.word))), nil)
        case .votes:
            let voting = try voting.value()
            let probed = vocabulary.nearestWords(query.descriptors, count: voting.probes)
            return (voting.scores(query.descriptors, probedWords: probed), (voting.probes, probed))
        }
    }

    private func queryRepresentation(_ given: (any Representation)?) throws -> any Representation {
        if let given {
            guard given.identifier == summary.representation else {
                throw CMIRError.input("the query representation \(given.summary) does not match the index's (\(summary.representationSummary))")
            }
            return given
        }
        let raw = RawRepresentation()
        guard raw.identifier == summary.representation else {
            throw CMIRError.input("\(indexPath) was indexed with \(summary.representationSummary); give the model and the query's modality")
        }
        return raw
    }
}
