import Foundation

/// The facade of the engine: what the CLI, the terminal UI and the benchmarks use to build, open and search an
/// index. An open engine is immutable and thread-safe: searches may run concurrently (as `cmir eval` does).
public final class Engine: Sendable {
    public let indexPath: String
    public let summary: IndexSummary
    /// The repository files (images and slides), ordered by name.
    public let images: [IndexedImage]

    /// The index file, or the shards of a shards folder, searched as one.
    let shards: IndexShards

    /// For a shards folder: the shards it lacks (failed or unfinished tasks), searched without.
    public var missingShards: [String] { shards.missing }
    /// For a shards folder: the shards its manifest marks incomplete (searched, but lacking files).
    public var incompleteShards: [String] { shards.incomplete }
    let imagesByID: [Int64: IndexedImage]
    /// What the first stage scores: every image, and every cell of every slide, in file order.
    let places: [IndexedPlace]
    /// The vocabulary with the codebooks the stored descriptors are coded with.
    let coder: DescriptorCoder
    /// The visual words (public: the benchmarks time quantization against it).
    public var vocabulary: Vocabulary { coder.vocabulary }
    let extractor: any FeatureExtractor
    let rerankMethod: RerankMethod
    /// Every stored feature in memory, read on the first search.
    let storedFeatures: LazyValue<StoredFeatures>
    /// Each place's representation map (nil where it has none), read at the first dense stage.
    let storedMaps: LazyValue<[RepresentationMap?]>
    /// Each place's file (index in `images`).
    let fileOfPlace: [Int]
    /// The query's and the repository's representations, resolved (a model loaded) on first need.
    private let sides: LazyValue<IndexRepresentations>

    /// Builds or updates the index at `output` from the images directly inside `directory`; see
    /// `IndexBuilder` for when the vocabulary is (re)built and what is re-indexed. Unreadable images are
    /// listed in the report, never fatal; only a folder with nothing indexable throws. Without `settings`, the
    /// default vocabulary and the representation's default features. `pixelSize`: microns per pixel of the
    /// slides that do not record theirs; `queryPixelSize`: the queries', so that slides are read at the level
    /// that fits them. `vocabulary`: a frozen vocabulary used instead of training one (its settings replace `settings`).
    /// `shard`: index only the folder's files of that shard (`ShardSelection`).
    /// `repair`: drop damaged files first (they are indexed again), or rebuild a damaged index whole.
    public static func buildIndex(directory: String, output: String, settings: IndexSettings? = nil,
                                  representation: any Representation = RawRepresentation(), pixelSize: Double? = nil,
                                  queryPixelSize: Double? = nil, vocabulary frozen: FrozenVocabulary? = nil,
                                  shard: ShardSelection? = nil, repair: Bool = false,
                                  progress: any ProgressReporter = SilentProgress(),
                                  isCancelled: @escaping @Sendable () -> Bool = { false }) throws -> IndexReport {
        var builder = builder(directory: directory, output: output, settings: settings, representation: representation,
                              pixelSize: pixelSize, queryPixelSize: queryPixelSize, progress: progress, isCancelled: isCancelled,
                              frozen: frozen, repair: repair)
        builder.shard = shard
        return try builder.run()
    }

    /// Trains a vocabulary on the images of `directory` and writes it, without images, to `output`: the frozen
    /// vocabulary (`FrozenVocabulary`) that indexes built apart share.
    public static func trainVocabulary(directory: String, output: String, settings: IndexSettings? = nil,
                                       representation: any Representation = RawRepresentation(), pixelSize: Double? = nil,
                                       queryPixelSize: Double? = nil, progress: any ProgressReporter = SilentProgress(),
                                       isCancelled: @escaping @Sendable () -> Bool = { false }) throws -> IndexReport {
        try builder(directory: directory, output: output, settings: settings, representation: representation, pixelSize: pixelSize,
                    queryPixelSize: queryPixelSize, progress: progress, isCancelled: isCancelled).writeVocabulary()
    }

    private static func builder(directory: String, output: String, settings: IndexSettings?, representation: any Representation,
                                pixelSize: Double?, queryPixelSize: Double?, progress: any ProgressReporter,
                                isCancelled: @escaping @Sendable () -> Bool, frozen: FrozenVocabulary? = nil,
                                repair: Bool = false) -> IndexBuilder {
        IndexBuilder(directory: directory, output: output,
                     settings: settings ?? IndexSettings(features: representation.spec.defaultFeatures.rawValue),
                     representation: representation, pixelSize: pixelSize, queryPixelSize: queryPixelSize,
                     frozen: frozen, repair: repair, progress: progress, isCancelled: isCancelled)
    }

    /// Opens an index for searching queries of `queryModality` (for a CoMIR index; by default the model's other
    /// network), re-ranked by `reranker` when a search asks for it. A missing, foreign, damaged or unfinished
    /// file throws `.input`, as does a query modality for a raw index or a CoMIR index whose model file cannot be
    /// read; the model itself loads on first need (`preload`). `queryModel` searches with another model file than
    /// the index's (see `IndexRepresentations.resolve`). `representations` replaces the resolved ones, for callers
    /// that share represented images between indexes (the benchmarks); they must fit the index.
    public init(indexPath: String, queryModality: String? = nil, queryModel: String? = nil, reranker: RerankMethod = .fast,
                representations: IndexRepresentations? = nil) throws {
        let shards = try IndexShards(path: indexPath)
        let (identity, coder, images, places) = (shards.identity, shards.coder, shards.images, shards.places)
        let vocabulary = coder.vocabulary
        let extractor = try makeExtractor(named: identity.settings.features)
        guard extractor.descriptorLength == vocabulary.dimension else {
            throw CMIRError.input("\(indexPath): vocabulary dimension \(vocabulary.dimension) does not fit \(extractor.name) descriptors")
        }
        let spec = identity.representation
        try Self.checkResolvable(spec, queryModality: queryModality, queryModel: queryModel, indexPath: indexPath,
                                 given: representations)
        guard !images.isEmpty else {
            throw CMIRError.input("\(indexPath): holds no images (a vocabulary file, or an index whose first build has committed none yet)")
        }
        try IndexConsistency.check(images: images, places: places, path: indexPath)
        let imagesByID = Dictionary(uniqueKeysWithValues: images.map { ($0.id, $0) })
        self.indexPath = indexPath
        self.shards = shards
        self.coder = coder
        self.extractor = extractor
        self.rerankMethod = reranker
        self.images = images
        self.imagesByID = imagesByID
        self.places = places
        let budget = try MemoryBudget.current()
        self.storedFeatures = LazyValue {
            try budget?.check(features: places.reduce(0) { $0 + Double($1.wordCount) }, indexPath: indexPath)
            let features = try shards.allFeatures(of: places)
            for (place, stored) in zip(places, features) {
                try IndexConsistency.check(words: stored.words, of: place, in: imagesByID[place.imageID]!,
                                           vocabularySize: vocabulary.size, path: shards.paths[place.shard])
            }
            return try StoredFeatures(places: features, coder: coder)
        }
        self.storedMaps = LazyValue { try shards.allMaps(of: places) }
        let fileOfImageID = Dictionary(uniqueKeysWithValues: images.indices.map { (images[$0].id, $0) })
        self.fileOfPlace = places.map { fileOfImageID[$0.imageID] ?? 0 }
        self.sides = LazyValue {
            if let representations { return representations }
            do { return try IndexRepresentations.resolve(spec, queryModality: queryModality, queryModel: queryModel) } catch let error as CMIRError {
                throw CMIRError.input("\(indexPath): \(error.description)")
            }
        }
        self.summary = IndexSummary(imageCount: images.count, slideCount: images.filter { $0.slide != nil }.count,
                                    representation: spec, settings: identity.settings, vocabularySize: vocabulary.size)
    }

    /// What can be checked before the model loads: a raw index takes no query modality or model, a CoMIR index's
    /// model file (or the one given instead) must be readable, and representations given in place of the resolved
    /// ones must fit.
    private static func checkResolvable(_ spec: RepresentationSpec, queryModality: String?, queryModel: String?,
                                        indexPath: String, given: IndexRepresentations?) throws {
        if let given {
            guard spec.accepts(given.query.spec), spec.accepts(given.repository.spec) else {
                throw CMIRError.input("\(indexPath) was indexed with \(spec.summary), not \(given.repository.summary)")
            }
            return
        }
        switch spec {
        case .raw:
            if let queryModality {
                throw CMIRError.input("\(indexPath) holds raw images; --modality \(queryModality) needs an index built with --model")
            }
            if let queryModel {
                throw CMIRError.input("\(indexPath) holds raw images; --model \(queryModel) needs an index built with a model")
            }
        case .comir(let comir):
            if let queryModel, !FileManager.default.isReadableFile(atPath: queryModel) {
                throw CMIRError.input("\(queryModel): no such model file")
            }
            guard queryModel != nil || FileManager.default.isReadableFile(atPath: comir.modelPath) else {
                throw CMIRError.input("\(indexPath) was built with the model \(comir.modelPath), which cannot be read")
            }
        }
    }

    /// The representations of queries and of repository images (loads the model on first call).
    public func representations() throws -> IndexRepresentations {
        try sides.value()
    }

    /// Resolves the representations now (call off the main thread), so the first search does not wait for them.
    public func preload() {
        _ = try? sides.value()
    }

    /// Microns per indexed pixel of the repository, when its slides say (the median over those that do);
    /// queries of a stated pixel size are rescaled to it.
    public var micronsPerPixel: Double? {
        let known = images.compactMap { $0.slide?.indexedMicronsPerPixel }.sorted()
        return known.isEmpty ? nil : known[known.count / 2]
    }

    /// The stored words of a repository file (positions in its indexed pixels), from memory.
    public func words(ofImage id: Int64) throws -> [VisualWord] {
        let features = try storedFeatures.value()
        return places.indices.filter { places[$0].imageID == id }.flatMap { features.words(ofPlaceAt: $0) }
    }
}
