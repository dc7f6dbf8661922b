import ArgumentParser
import CMIRKit
import Foundation

/// The replacement study of issue 7 in one process: representation {raw, CoMIR} x features x repository
/// modality x query set (same or other modality; full or patch; transformed or not) x first-stage scoring and
/// re-ranking, plus issue 5's
/// comparison of the paper's re-ranker with the fast one. Indexes are built through `Engine.buildIndex` and
/// queries searched through `Engine.analyze`/`search` exactly as `cmir index`/`cmir eval` do, but every image is
/// represented once (`MemoisedRepresentation`) and every query analysed once for all searches: with
/// CoMIR at about a second per image, 72 separate `cmir eval` runs would take hours.
///
/// Query sets are folders `QUERIES/<modality>-<full|patch>[-plain]` as `cmir make-queries` writes them
/// (with transforms.csv). Writes JSON lines (see bench/report.py for the fields).
struct AccuracyBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "accuracy",
                                                    abstract: "Accuracy grid (raw/CoMIR x features x query sets x re-ranking) and re-ranker comparison.")

    @Option(help: "The BF/SHG data folder (bf_aligned/, shg/).") var data = "../shared/data/bf-shg"
    @Option(help: "Folder of the query sets (<modality>-<full|patch>[-plain]).") var queries: String
    @Option(help: "Folder for the indexes built here.") var work: String
    @Option(help: "The CoMIR model.") var model = "Assets/models/bf-shg.cmirmodel"
    @Option(help: "Comma-separated feature extractors; the first is timed (uncached, one query at a time) and compared in the re-ranker study.")
    var features = "surf,surf-grid,sift"
    @Option(help: "Comma-separated representations: raw, comir.") var representations = "raw,comir"
    @Option(help: "Comma-separated re-ranking depths besides none (fast re-ranker), for transformed cross-modality queries.") var rerank = "15,30"
    @Option(help: "Depth of the paper-vs-fast re-ranker comparison (CoMIR, first features, transformed cross-modality queries); 0 skips it.")
    var compareRerank = 30
    @Option(help: "Visual words.") var vocabulary = IndexSettings.defaultVocabularySize
    @Option(help: "Seed of the index builds.") var seed: UInt64 = 1
    @Option(help: "Append the JSON lines to this file (default: stdout).") var out: String?

    static let modalities = ["bf", "shg"]
    static let repositoryFolders = ["bf": "bf_aligned", "shg": "shg"]

    /// One folder of queries as make-queries wrote it.
    struct QuerySet {
        let modality: String, patch: Bool, transformed: Bool
        var name: String { "\(modality)-\(patch ? "patch" : "full")\(transformed ? "" : "-plain")" }
    }

    /// A query set loaded into memory, with the transforms that place each query in its source image.
    struct LoadedQueries {
        let set: QuerySet
        let stems: [String]
        let images: [Image]
        let loadMilliseconds: [Double]
        let transforms: [String: QueryTransform]
    }

    func run() throws {
        let output = try JSONLines(path: out)
        let featureList = features.split(separator: ",").map(String.init)
        // Without re-ranking both first stages; re-ranking on the default one.
        let firstStages = FirstStageScoring.allCases.map { SearchStep(scoring: $0, depth: 0) }
        let reranking = rerank.split(separator: ",").map { Int($0) ?? 0 }.filter { $0 > 0 }.map { SearchStep(scoring: .centres, depth: $0) }
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let sets = Self.modalities.flatMap { m in
            [false, true].flatMap { patch in [true, false].map { QuerySet(modality: m, patch: patch, transformed: $0) } }
        }
        let loaded = try sets.map { try load($0) }
        var comir: [String: MemoisedRepresentation] = [:]
        for name in representations.split(separator: ",").map(String.init) {
            var queryRepresentation: [String: any Representation] = [:]
            var repositoryRepresentation: [String: any Representation] = [:]
            switch name {
            case "raw":
                for m in Self.modalities { queryRepresentation[m] = RawRepresentation(); repositoryRepresentation[m] = RawRepresentation() }
            case "comir":
                for m in Self.modalities {
                    comir[m] = MemoisedRepresentation(try CoMIRRepresentation(modelPath: model, modality: m))
                    queryRepresentation[m] = comir[m]
                    repositoryRepresentation[m] = comir[m]
                }
            default: throw CMIRError.input("unknown representation \(name) (raw, comir)")
            }
            for (index, featureName) in featureList.enumerated() {
                for repository in Self.modalities {
                    let path = try buildIndex(representation: name, features: featureName, repository: repository,
                                              using: repositoryRepresentation[repository]!, output: output)
                    for queries in loaded {
                        // Re-ranking where the paper reports it (its Table 2): transformed queries of the other modality.
                        let reranked = queries.set.transformed && queries.set.modality != repository
                        let sides = IndexRepresentations(query: queryRepresentation[queries.set.modality]!,
                                                         repository: repositoryRepresentation[repository]!)
                        try evaluate(engine: try Engine(indexPath: path, representations: sides), queries: queries,
                                     steps: reranked ? firstStages + reranking : firstStages,
                                     oneAtATime: index == 0,
                                     labels: ["representation": name, "features": featureName, "repository": repository],
                                     output: output)
                    }
                }
            }
        }
        if let bf = comir["bf"], let shg = comir["shg"] {
            try recordCommonSpace(bf: bf, shg: shg, output: output)
            if compareRerank > 0, let first = featureList.first {
                try compareRerankers(features: first, loaded: loaded, comir: comir, output: output)
            }
        }
    }

    private func load(_ set: QuerySet) throws -> LoadedQueries {
        let folder = (queries as NSString).appendingPathComponent(set.name)
        let paths = try ImageDirectory.imagePaths(in: folder)
        guard !paths.isEmpty else { throw CMIRError.input("\(folder): no query images") }
        var images: [Image] = [], times: [Double] = []
        for path in paths {
            let start = ContinuousClock.now
            images.append(try ImageFile.load(path).image)
            times.append((ContinuousClock.now - start).milliseconds)
        }
        let csv = (folder as NSString).appendingPathComponent("transforms.csv")
        let table = try TransformTable.parse(try String(contentsOfFile: csv, encoding: .utf8), source: csv)
        return LoadedQueries(set: set, stems: paths.map { FileStem.of($0) }, images: images, loadMilliseconds: times,
                             transforms: Dictionary(table.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a }))
    }

    /// Builds the index of one grid cell afresh and returns its path.
    private func buildIndex(representation name: String, features: String, repository: String, using representation: any Representation,
                            output: JSONLines) throws -> String {
        let path = (work as NSString).appendingPathComponent("\(name)-\(features)-\(repository).cmirindex")
        try? FileManager.default.removeItem(atPath: path)
        let folder = (data as NSString).appendingPathComponent(Self.repositoryFolders[repository]!)
        let start = ContinuousClock.now
        let report = try Engine.buildIndex(directory: folder, output: path,
                                           settings: IndexSettings(features: features, vocabularySize: vocabulary, seed: seed),
                                           representation: representation)
        let seconds = (ContinuousClock.now - start).milliseconds / 1000
        let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        try output.write(["kind": "index", "representation": name, "features": features, "repository": repository,
                          "path": path, "images": report.indexed.count, "failed": report.failed.count,
                          "seconds": seconds, "bytes": bytes, "vocabulary": report.vocabularySize])
        return path
    }

    /// What one query gave: its rank and localisation error at every step, and its times.
    private struct QueryOutcome {
        var ranks: [Int?], errors: [Double?], searchMilliseconds: [Double]
        var analyzeMilliseconds: Double?, represented: Bool
    }

    /// One search of every query: its first-stage scoring and re-ranking depth.
    struct SearchStep {
        let scoring: FirstStageScoring
        let depth: Int
    }

    /// Searches every query once per step from one analysis. `oneAtATime` runs the queries sequentially so that
    /// their times are latencies (the first features of a representation, when CoMIR is computed uncached).
    private func evaluate(engine: Engine, queries: LoadedQueries, steps: [SearchStep],
                          oneAtATime: Bool, labels: [String: String], output: JSONLines) throws {
        let count = queries.images.count
        let outcomes = Self.map(count, parallel: !oneAtATime) { i -> QueryOutcome in
            let image = queries.images[i]
            let represented = ((try? engine.representations().query) as? MemoisedRepresentation).map { $0.cached(image, edges: .mirrored) == nil } ?? true
            let start = ContinuousClock.now
            guard let analysis = try? engine.analyze(image: image) else {
                return QueryOutcome(ranks: steps.map { _ in nil }, errors: steps.map { _ in nil }, searchMilliseconds: [],
                                    analyzeMilliseconds: nil, represented: represented)
            }
            let analyzed = (ContinuousClock.now - start).milliseconds
            var outcome = QueryOutcome(ranks: [], errors: [], searchMilliseconds: [], analyzeMilliseconds: analyzed, represented: represented)
            for step in steps {
                let searchStart = ContinuousClock.now
                let result = try? engine.search(SearchRequest(.features(analysis, name: queries.stems[i]), top: 0,
                                                              rerank: step.depth, scoring: step.scoring))
                outcome.searchMilliseconds.append((ContinuousClock.now - searchStart).milliseconds)
                outcome.ranks.append(result?.trueMatch?.rank)
                outcome.errors.append(RetrievalEvaluation.centreError(of: result?.trueMatch, in: engine,
                                                                      transform: queries.transforms[queries.stems[i]], query: analysis))
            }
            return outcome
        }
        for (d, step) in steps.enumerated() {
            let depth = step.depth
            let ranks = Dictionary(uniqueKeysWithValues: zip(queries.stems, outcomes.map { $0.ranks[d] }))
            let metrics = RetrievalMetrics(ranks: ranks)
            var record: [String: Any?] = labels.mapValues { $0 as Any? }
            record.merge(["kind": "eval", "method": "fast", "queries": queries.set.name, "query_modality": queries.set.modality,
                          "patch": queries.set.patch, "transformed": queries.set.transformed, "rerank": depth,
                          "scoring": step.scoring.rawValue,
                          "acc": Dictionary(uniqueKeysWithValues: RetrievalMetrics.cutoffs.map { (String($0), metrics.accuracy(at: $0)) }),
                          "mrr": metrics.meanReciprocalRank, "ranks": ranks,
                          "errors": depth > 0 ? Dictionary(uniqueKeysWithValues: zip(queries.stems, outcomes.map { $0.errors[d] })) : nil,
                          "one_at_a_time": oneAtATime,
                          "search_ms": outcomes.map { $0.searchMilliseconds.count > d ? $0.searchMilliseconds[d] : nil },
                          "analyze_ms": outcomes.map(\.analyzeMilliseconds), "represented": outcomes.map(\.represented),
                          "load_ms": queries.loadMilliseconds]) { $1 }
            try output.write(record)
        }
    }

    /// `body` of 0..<count in order, on both cores or one at a time.
    static func map<T>(_ count: Int, parallel: Bool, _ body: (Int) -> T) -> [T] {
        guard parallel, count > 1 else { return (0..<count).map(body) }
        // Safe: concurrentPerform returns only after every iteration ran, and each writes only its own slot.
        nonisolated(unsafe) let body = body
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            nonisolated(unsafe) let base = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: count) { i in (base + i).initialize(to: body(i)) }
            initialized = count
        }
    }

    /// The correlation of the aligned BF/SHG test pairs in the common space, from the representations the grid
    /// computed anyway.
    private func recordCommonSpace(bf: MemoisedRepresentation, shg: MemoisedRepresentation, output: JSONLines) throws {
        let names = try TrainingData.names(inFile: (data as NSString).appendingPathComponent("splits.csv"), split: "test")
        var correlations: [String: Double?] = [:]
        for name in names {
            let bfImage = try ImageFile.load((data as NSString).appendingPathComponent("bf_aligned/\(name).png")).image
            let shgImage = try ImageFile.load((data as NSString).appendingPathComponent("shg/\(name).png")).image
            if let a = bf.cached(bfImage), let b = shg.cached(shgImage) {
                correlations[name] = CoMIRBenchmark.pearson(a.pixels, b.pixels)
            }
        }
        try output.write(["kind": "comir-correlation", "correlations": correlations])
    }

    /// Issue 5: the paper's re-ranker against the fast one on the same analysed queries (CoMIR, both directions,
    /// transformed full and patch queries), two queries in flight for both, per-query time of the re-ranking search.
    private func compareRerankers(features: String, loaded: [LoadedQueries], comir: [String: MemoisedRepresentation],
                                  output: JSONLines) throws {
        for repository in Self.modalities {
            let path = (work as NSString).appendingPathComponent("comir-\(features)-\(repository).cmirindex")
            for queries in loaded where queries.set.modality != repository && queries.set.transformed {
                let sides = IndexRepresentations(query: comir[queries.set.modality]!, repository: comir[repository]!)
                let engines = try [RerankMethod.fast, .paper].map { try Engine(indexPath: path, reranker: $0, representations: sides) }
                let outcomes = Self.map(queries.images.count, parallel: true) { i -> [(rank: Int?, error: Double?, ms: Double?)] in
                    guard let analysis = try? engines[0].analyze(image: queries.images[i]) else {
                        return [(nil, nil, nil), (nil, nil, nil)]
                    }
                    return engines.map { engine in
                        let start = ContinuousClock.now
                        let result = try? engine.search(SearchRequest(.features(analysis, name: queries.stems[i]), top: 0,
                                                                      rerank: compareRerank))
                        let ms = (ContinuousClock.now - start).milliseconds
                        return (result?.trueMatch?.rank,
                                RetrievalEvaluation.centreError(of: result?.trueMatch, in: engine,
                                                                transform: queries.transforms[queries.stems[i]], query: analysis), ms)
                    }
                }
                for (m, method) in ["fast", "paper"].enumerated() {
                    let ranks = Dictionary(uniqueKeysWithValues: zip(queries.stems, outcomes.map { $0[m].rank }))
                    let metrics = RetrievalMetrics(ranks: ranks)
                    try output.write(["kind": "rerank-compare", "method": method, "representation": "comir", "features": features,
                                      "repository": repository, "queries": queries.set.name, "query_modality": queries.set.modality,
                                      "patch": queries.set.patch, "rerank": compareRerank,
                                      "acc": Dictionary(uniqueKeysWithValues: RetrievalMetrics.cutoffs.map { (String($0), metrics.accuracy(at: $0)) }),
                                      "mrr": metrics.meanReciprocalRank, "ranks": ranks,
                                      "errors": Dictionary(uniqueKeysWithValues: zip(queries.stems, outcomes.map { $0[m].error })),
                                      "search_ms": outcomes.map { $0[m].ms }])
                }
            }
        }
    }
}
