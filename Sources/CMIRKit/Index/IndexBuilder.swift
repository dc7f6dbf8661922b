import Foundation

/// Builds or updates an index from a folder (the work behind `Engine.buildIndex`).
///
/// The vocabulary is trained when the index is new, or when the stored settings (features, vocabulary
/// size, seed) or representation differ from the requested ones; then every image is (re)indexed. Otherwise
/// the stored vocabulary is kept, so word ids stay stable, and only images whose content hash is new or
/// changed are processed; images whose files are gone are dropped. To retrain the vocabulary on a grown
/// folder, delete the index first.
struct IndexBuilder {
    var directory: String
    var output: String
    var settings: IndexSettings
    var representation: any Representation
    /// Microns per pixel of repository files that do not record theirs, and of the queries to come (a slide is
    /// indexed at the level that fits them).
    var pixelSize: Double?
    var queryPixelSize: Double?
    /// A vocabulary trained before (shared by the shards of an archive): used instead of training one, with its
    /// settings; the representation must be the one it was trained on.
    var frozen: FrozenVocabulary?
    /// Index only this shard of the folder's files.
    var shard: ShardSelection?
    /// Drop the index's damaged files (or rebuild it whole when its settings, vocabulary or structure are
    /// damaged) before updating it.
    var repair = false
    var progress: any ProgressReporter
    var isCancelled: @Sendable () -> Bool

    /// Descriptors kept in memory between the vocabulary pass and the indexing pass; images beyond this
    /// budget are extracted again instead (bounds the memory of large folders).
    static let cachedDescriptorBudget = 1_000_000
    /// Images processed in parallel before their results are committed one by one.
    static let chunkSize = 8

    /// The runs of files processed together, given which files are slides: up to `chunkSize` images side by side,
    /// and every slide alone, its boxes in parallel instead (a parallel loop inside another runs serially, so
    /// slides side by side ran their boxes one by one; docs/decisions.md, "One slide at a time").
    static func chunks(slides: [Bool]) -> [Range<Int>] {
        var chunks: [Range<Int>] = []
        var start = 0
        func images(upTo end: Int) {
            chunks += stride(from: start, to: end, by: chunkSize).map { $0..<min($0 + chunkSize, end) }
        }
        for i in slides.indices where slides[i] {
            images(upTo: i)
            chunks.append(i..<(i + 1))
            start = i + 1
        }
        images(upTo: slides.count)
        return chunks
    }
    /// Tiles of tissue the vocabulary pass reads from each slide of a folder of `slides`: a slide with no more is
    /// read whole, once (its features kept for the indexing pass within the cache budget); a larger one gives an
    /// evenly spread sample and is read again whole. Fewer per slide in a folder of many (k-means sees at most
    /// `KMeans.maximumTrainingRows` descriptors anyway), so the pass reads about 256 tiles at most, or 4 per slide.
    static func vocabularyTiles(slides: Int) -> Int { max(4, min(32, 256 / max(slides, 1))) }

    /// What one file yields: its (level-0) size, its features (raw for the vocabulary, coded for the index; none
    /// when it has none), for a slide how it was read, and for an image that decodes only in part (a JPEG cut
    /// short) why.
    private struct Extraction<Content: Sendable>: Sendable {
        var width: Int
        var height: Int
        var features: Content
        /// The representation maps of the image, or of the slide's boxes (`RepresentationMap`).
        var maps: [RepresentationMap] = []
        var slide: SlideDetails?
        var damage: String?
        /// Only a sample of the slide's tiles was read.
        var sampled = false

        func with<Other>(_ features: Other) -> Extraction<Other> {
            Extraction<Other>(width: width, height: height, features: features, maps: maps, slide: slide, damage: damage, sampled: sampled)
        }
    }

    func run() throws -> IndexReport {
        let (identity, extractor, paths) = try prepare()
        let lock = try IndexWriterLock(indexPath: output)
        defer { lock.release() }
        var report = IndexReport()
        if paths.isEmpty, let frozen {
            // A shard that no file falls in is written empty, so that it is not taken for a missing one.
            try writeAlone(identity: identity, coder: frozen.coder)
            report.vocabularySize = frozen.coder.vocabulary.size
            return report
        }
        switch try IndexStore.existing(output, repairing: repair) {
        case .none:
            return try buildNew(at: output, identity: identity, paths: paths, extractor: extractor, report: report)
        case .current(let store):
            if try updatable(store, identity: identity, report: &report) {
                return try build(into: store, identity: identity, paths: paths, extractor: extractor, report: report)
            }
        case .damaged:
            report.rebuiltForDamage = true
        case .otherVersion:
            break
        }
        // Other settings, another format or damage beyond repair: the new index is built beside the old one, which
        // stays searchable until the finished one replaces it in one rename. An interrupted rebuild keeps its
        // finished files there, and the next run with the same settings carries on from them.
        let rebuild = Self.rebuildPath(of: output)
        report = try buildNew(at: rebuild, identity: identity, paths: paths, extractor: extractor, report: report)
        try replaceOutput(with: rebuild)
        report.rebuiltBeside = true
        return report
    }

    /// Trains a vocabulary on the folder and writes it alone, without images, as a file that indexes built apart
    /// share (`FrozenVocabulary`); it replaces `output` in one rename when done.
    func writeVocabulary() throws -> IndexReport {
        let (identity, extractor, paths) = try prepare()
        let lock = try IndexWriterLock(indexPath: output)
        defer { lock.release() }
        var report = IndexReport()
        let (coder, _, failures) = try trainVocabulary(paths, extractor: extractor)
        report.failed = failures
        report.vocabularyBuilt = true
        report.vocabularySize = coder.vocabulary.size
        try writeAlone(identity: identity, coder: coder)
        return report
    }

    /// Writes an index of no files, only its settings and vocabulary, beside `output` and then over it (which must
    /// be missing or a cmir file: nothing else is overwritten).
    private func writeAlone(identity: IndexStore.BuildIdentity, coder: DescriptorCoder) throws {
        _ = try IndexStore.existing(output, repairing: false)
        let rebuild = Self.rebuildPath(of: output)
        Self.remove(rebuild)
        try IndexStore.openForBuilding(rebuild).reset(identity: identity, coder: coder)
        try replaceOutput(with: rebuild)
    }

    /// What the build is made with (the given settings, or the frozen vocabulary's), its extractor and the files.
    private func prepare() throws -> (IndexStore.BuildIdentity, any FeatureExtractor, [String]) {
        _ = HeapRetention.keepsFreedMemory
        let identity = try frozen?.identity(for: representation.spec)
            ?? IndexStore.BuildIdentity(settings: settings, representation: representation.spec)
        guard identity.settings.vocabularySize >= 1 else { throw CMIRError.input("the vocabulary needs at least one word") }
        let extractor = try makeExtractor(named: identity.settings.features)
        let absoluteDirectory = URL(fileURLWithPath: directory).standardizedFileURL.path
        let all = try ImageDirectory.imagePaths(in: absoluteDirectory)
        guard !all.isEmpty else {
            throw CMIRError.input("\(directory): no image files (\(ImageDirectory.extensions.sorted().joined(separator: ", ")))")
        }
        return (identity, extractor, shard.map { all.filter($0.contains) } ?? all)
    }

    private func replaceOutput(with rebuild: String) throws {
        guard rename(rebuild, output) == 0 else {
            throw CMIRError.failure("\(output): cannot replace it with the rebuilt index \(rebuild)")
        }
    }

    /// Where a rebuild of the index at `output` is written until it replaces it.
    static func rebuildPath(of output: String) -> String { output + ".rebuild" }

    /// Whether the existing index can be updated in place: built with the same settings and, with `repair`,
    /// sound or made sound by dropping its damaged files (listed in the report, re-indexed by the update).
    private func updatable(_ store: IndexStore, identity: IndexStore.BuildIdentity, report: inout IndexReport) throws -> Bool {
        guard repair else { return try store.identity() == identity }
        guard store.structureIsIntact(), let stored = try? store.identity(), (try? store.descriptorCoder()) != nil else {
            report.rebuiltForDamage = true
            return false
        }
        guard stored == identity else { return false }
        report.repaired = try store.dropDamagedFiles()
        return true
    }

    /// Builds into a new (or half-built) file; a build that fails before its vocabulary removes the file, so that
    /// nothing is left that would claim to be an index.
    private func buildNew(at path: String, identity: IndexStore.BuildIdentity, paths: [String], extractor: any FeatureExtractor,
                          report: IndexReport) throws -> IndexReport {
        let store = try IndexStore.openForBuilding(path)
        do {
            return try build(into: store, identity: identity, paths: paths, extractor: extractor, report: report)
        } catch {
            if (try? store.descriptorCoder()) == nil { Self.remove(path) }
            throw error
        }
    }

    private static func remove(_ path: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// The build proper, into an open store.
    private func build(into store: IndexStore, identity: IndexStore.BuildIdentity, paths: [String],
                       extractor: any FeatureExtractor, report: IndexReport) throws -> IndexReport {
        // The stored vocabulary, when the store was built with these settings; nil means (re)build it.
        let storedCoder = try store.identity() == identity ? try store.descriptorCoder() : nil
        let fresh = storedCoder == nil
        var report = report

        // Content hashes decide what needs work; a file that cannot be read is reported, never fatal.
        let hashes = ParallelMap.results(paths.count) { i in try FileFingerprint.of(paths[i]) }
        let stored = fresh ? [:] : try store.hashes()
        var pending: [(path: String, hash: String)] = []
        for (path, result) in zip(paths, hashes) {
            switch result {
            case .success(let hash):
                if stored[path] == hash { report.unchanged.append(path) } else { pending.append((path, hash)) }
            case .failure(let error): report.failed.append(.init(path: path, reason: Self.reason(error)))
            }
        }
        let present = Set(paths)
        for path in stored.keys.sorted() where !present.contains(path) {
            try store.remove(path: path)
            report.removed.append(path)
        }

        var cache: [String: Extraction<[Feature]>] = [:]
        let coder: DescriptorCoder
        if fresh, let frozen {
            coder = frozen.coder
            try store.reset(identity: identity, coder: coder)
        } else if fresh {
            let (trained, extracted, failures) = try trainVocabulary(pending.map(\.path), extractor: extractor)
            coder = trained
            cache = extracted
            report.failed += failures
            let failedPaths = Set(failures.map(\.path))
            pending.removeAll { failedPaths.contains($0.path) }
            try store.reset(identity: identity, coder: coder)
            report.vocabularyBuilt = true
        } else {
            coder = storedCoder!
        }
        report.vocabularySize = coder.vocabulary.size

        var done = 0
        progress.report(stage: "indexing", done: 0, total: pending.count, detail: "")
        for run in Self.chunks(slides: pending.map { Slide.isSlide($0.path) }) {
            if isCancelled() { throw CancellationError() }
            let chunk = Array(pending[run])
            let cached = chunk.map { cache[$0.path] }
            let results = ParallelMap.results(chunk.count) { i in
                let extraction = try cached[i].map { $0.with(CodedFeatures($0.features, coder: coder)) }
                    ?? self.extract(chunk[i].path, extractor: extractor, content: { CodedFeatures($0, coder: coder) },
                                    joined: { CodedFeatures(joining: $0, bytesPerRow: coder.bytesPerRow) })
                return (record: Self.record(path: chunk[i].path, hash: chunk[i].hash, extraction: extraction),
                        damage: extraction.damage)
            }
            for (item, result) in zip(chunk, results) {
                cache[item.path] = nil
                switch result {
                case .success(let made) where made.record.wordCount == 0:
                    report.failed.append(.init(path: item.path, reason: Self.noFeaturesReason))
                case .success(let made):
                    try store.put(made.record)
                    report.indexed.append(item.path)
                    if let slide = made.record.slide { report.slides[item.path] = slide }
                    if let damage = made.damage { report.damaged[item.path] = damage }
                case .failure(let error):
                    report.failed.append(.init(path: item.path, reason: Self.reason(error)))
                }
                done += 1
                progress.report(stage: "indexing", done: done, total: pending.count,
                                detail: (item.path as NSString).lastPathComponent)
            }
        }
        if try store.hashes().isEmpty {
            throw CMIRError.input("\(directory): no image could be indexed\(Self.firstFailure(report.failed))")
        }
        return report
    }

    /// " (N failed, first: NAME: REASON)" for one-line errors.
    private static func firstFailure(_ failures: [IndexReport.Failure]) -> String {
        guard let first = failures.first else { return "" }
        return " (\(failures.count) failed, first: \((first.path as NSString).lastPathComponent): \(first.reason))"
    }

    static let noFeaturesReason = "no features found (image smaller than the feature window, or flat)"

    /// Extracts features of every image (of a sample of each slide's tiles), trains the vocabulary and the
    /// codebooks of its residuals on a per-file random subsample of their descriptors, and keeps image extractions
    /// within the cache budget for the indexing pass.
    private func trainVocabulary(_ paths: [String], extractor: any FeatureExtractor) throws
        -> (DescriptorCoder, [String: Extraction<[Feature]>], [IndexReport.Failure]) {
        let maximumRows = KMeans(clusterCount: 1, seed: 0).maximumTrainingRows
        let quota = max(1, (maximumRows + max(paths.count, 1) - 1) / max(paths.count, 1))
        var cache: [String: Extraction<[Feature]>] = [:]
        var failures: [IndexReport.Failure] = []
        var training: [Float] = []
        var cachedDescriptors = 0
        var done = 0
        // Whether a .tif is a slide takes opening it: asked once per file.
        let slides = paths.map(Slide.isSlide)
        let tileLimit = Self.vocabularyTiles(slides: slides.count { $0 })
        progress.report(stage: "features", done: 0, total: paths.count, detail: "")
        for run in Self.chunks(slides: slides) {
            if isCancelled() { throw CancellationError() }
            let chunk = Array(paths[run])
            let results = ParallelMap.results(chunk.count) { i in
                try self.extract(chunk[i], extractor: extractor, tileLimit: tileLimit, content: { $0 }, joined: { $0.flatMap { $0 } })
            }
            for (offset, (path, result)) in zip(chunk, results).enumerated() {
                done += 1
                progress.report(stage: "features", done: done, total: paths.count,
                                detail: (path as NSString).lastPathComponent)
                switch result {
                case .failure(let error):
                    failures.append(.init(path: path, reason: Self.reason(error)))
                case .success(let extraction) where extraction.features.isEmpty:
                    failures.append(.init(path: path, reason: Self.noFeaturesReason))
                case .success(let extraction):
                    let features = extraction.features
                    // A seed per image (not per run order) keeps the subsample independent of parallelism.
                    var random = SeededRandom(seed: settings.seed &+ UInt64(run.lowerBound + offset) &* 0x9E37_79B9_7F4A_7C15)
                    let picked = features.count > quota
                        ? random.sample(quota, from: features.count) : Array(features.indices)
                    for i in picked { training.append(contentsOf: features[i].descriptor) }
                    if !extraction.sampled, cachedDescriptors + features.count <= Self.cachedDescriptorBudget {
                        cache[path] = extraction
                        cachedDescriptors += features.count
                    }
                }
            }
        }
        guard !training.isEmpty else {
            throw CMIRError.input("\(directory): no features in any image\(Self.firstFailure(failures))")
        }
        let data = DescriptorMatrix(rows: training.count / extractor.descriptorLength,
                                    columns: extractor.descriptorLength, values: training)
        let vocabulary = Vocabulary.train(data, size: settings.vocabularySize, seed: settings.seed) { iteration, maximum in
            progress.report(stage: "vocabulary", done: iteration, total: maximum, detail: "k-means")
        }
        progress.report(stage: "codebooks", done: 0, total: 1, detail: "k-means")
        let coder = DescriptorCoder.train(data, vocabulary: vocabulary, seed: settings.seed)
        progress.report(stage: "codebooks", done: 1, total: 1, detail: "")
        return (coder, cache, failures)
    }

    /// The features of an image, or of a slide's boxes of tissue (of at most `tileLimit` tiles' area when given),
    /// each image or box turned into `content` as soon as it is extracted and a slide's boxes then `joined`.
    private func extract<Content: Sendable>(_ path: String, extractor: any FeatureExtractor, tileLimit: Int? = nil,
                                            content: ([Feature]) throws -> Content,
                                            joined: ([Content]) -> Content) throws -> Extraction<Content> {
        if Slide.isSlide(path) {
            let slide = try Slide(path: path)
            let (parts, maps, details, sampled) = try SlideTiling(representation: representation, extractor: extractor)
                .extract(slide, micronsPerPixel: pixelSize, queryMicronsPerPixel: queryPixelSize, tileLimit: tileLimit, each: content)
            return Extraction(width: slide.width, height: slide.height, features: joined(parts), maps: maps, slide: details, sampled: sampled)
        }
        let data = try Self.read(path)
        let image = try ImageFile.decode(data, name: path).image
        let represented = try representation.represent(image)
        let whole = PixelRect(x: 0, y: 0, width: image.width, height: image.height)
        return Extraction(width: image.width, height: image.height, features: try content(extractor.extract(from: represented)),
                          maps: RepresentationMap.pooling(represented, origin: (0, 0), covering: whole).map { [$0] } ?? [],
                          damage: ImageFile.damage(of: data))
    }

    private static func record(path: String, hash: String, extraction: Extraction<CodedFeatures>) -> IndexStore.ImageRecord {
        let words = extraction.features.words, codes = extraction.features.codes
        let whole = PixelRect(x: 0, y: 0, width: extraction.width, height: extraction.height)
        let places = extraction.slide.map { slide in
            let size = slide.indexedSize(width: whole.width, height: whole.height)
            let indexed = PixelRect(x: 0, y: 0, width: size.width, height: size.height)
            return cells(of: words, codes: codes, in: indexed, cell: slide.cell, maps: extraction.maps)
        }
            ?? [IndexStore.PlaceRecord(rect: whole, words: words, codes: codes, map: extraction.maps.first)]
        return IndexStore.ImageRecord(path: path, name: (path as NSString).lastPathComponent, hash: hash,
                                      width: extraction.width, height: extraction.height, slide: extraction.slide, places: places)
    }

    /// A slide's words filed in square cells of side `cell` (clipped to the slide), row by row, each with the part
    /// of the boxes' `maps` that covers it.
    private static func cells(of words: [VisualWord], codes: DescriptorCodes, in bounds: PixelRect, cell: Int,
                              maps: [RepresentationMap]) -> [IndexStore.PlaceRecord] {
        let byCell = Dictionary(grouping: words.indices) { SIMD2(Int(words[$0].x) / cell, Int(words[$0].y) / cell) }
        return byCell.keys.sorted { ($0.y, $0.x) < ($1.y, $1.x) }.map { key in
            let rows = byCell[key]!
            let x = key.x * cell, y = key.y * cell
            let rect = PixelRect(x: x, y: y, width: min(cell, bounds.width - x), height: min(cell, bounds.height - y))
            return IndexStore.PlaceRecord(rect: rect, words: rows.map { words[$0] }, codes: codes.rows(at: rows),
                                          map: RepresentationMap.cut(maps, covering: rect))
        }
    }

    private static func read(_ path: String) throws -> Data {
        do { return try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw CMIRError.input("\(path): cannot be read")
        }
    }

    private static func reason(_ error: any Error) -> String {
        let text = (error as? CMIRError)?.description ?? "\(error)"
        // Errors name their file first; the report lists the path already.
        if let range = text.range(of: ": ") { return String(text[range.upperBound...]) }
        return text
    }
}
