import ArgumentParser
import CMIRKit
import CMIRTerminal
import Foundation

/// `cmir browse [INDEX]`: the full-screen terminal browser; without INDEX, the bundled demo.
struct BrowseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "browse",
        abstract: "Browse an index in the terminal: pick or crop a query, see ranked matches, inspect them.",
        discussion: """
            Without INDEX, opens the bundled demo (its index is built on first start and kept in \
            $XDG_CACHE_HOME/cmir or ~/.cache/cmir). Press ? in the browser for every key. \
            CMIR_GRAPHICS=sixel|blocks|none overrides the detected graphics mode.
            """
    )

    @Argument(help: "The index file (from cmir index); the bundled demo when omitted.")
    var index: String?

    @Option(help: "Folder of query images offered by the query picker.")
    var queries: String?

    @Option(help: "Modality of the queries (the model network that represents them), for CoMIR indexes.")
    var modality: String?

    @Option(help: "Folder where `s` in the crop tool saves query regions as PNG files.")
    var crops: String = "cmir-crops"

    func run() throws {
        let queryPaths = try queries.map { try ImageDirectory.imagePaths(in: $0) }
        if let index {
            let engine = try Engine(indexPath: index)
            let service = try Self.service(for: engine, queryModality: modality)
            try Self.browse(.ready(service), queries: queryPaths ?? [], crops: crops)
        } else {
            try Self.browseDemo(queries: queryPaths, queryModality: modality, crops: crops)
        }
    }

    /// The no-argument `cmir`: the demo repository (BF) with the demo's SHG queries; CoMIR when the shipped
    /// model is there, raw images otherwise.
    static func browseDemo(queries: [String]? = nil, queryModality: String? = nil, crops: String = "cmir-crops") throws {
        let demo = try DemoAssets.locate()
        let model = FileManager.default.fileExists(atPath: demo.modelFile.path) ? demo.modelFile : nil
        let comir = try model.map { try CoMIRRepresentation(loaded: LoadedModel(path: $0.path), modality: "bf") }
        let representation: any Representation = comir ?? RawRepresentation()
        let settings = IndexSettings(features: IndexSettings.defaultFeatures(for: representation))
        // The cache key hashes the model file itself; the model only says which of its representations is the default.
        let comirKey = "comir" + CoMIRRepresentation.identifierSuffix(averaged: comir?.inference.averagesQuarterTurns ?? true)
        let cache = try DemoIndex(demo: demo, representation: model == nil ? RawRepresentation().identifier : comirKey,
                                  model: model, settings: settings)
        let demoQueries = try queries ?? ImageDirectory.imagePaths(in: demo.queryDirectory.path)
        let queryModality = queryModality ?? (model == nil ? nil : "shg")
        if FileManager.default.fileExists(atPath: cache.path), let engine = try? Engine(indexPath: cache.path) {
            try browse(.ready(try service(for: engine, queryModality: queryModality)), queries: demoQueries, crops: crops)
            return
        }
        let directory = demo.repositoryDirectory.path
        try browse(.prepare { progress, isCancelled in
            _ = try Engine.buildIndex(directory: directory, output: cache.path, settings: settings,
                                      representation: representation,
                                      model: comir.map { ModelIdentity(modelPath: model!.path, representation: $0) },
                                      progress: progress, isCancelled: isCancelled)
            return try service(for: try Engine(indexPath: cache.path), queryModality: queryModality)
        }, queries: demoQueries, crops: crops)
    }

    /// The search service of an index with its representations (see `IndexRepresentations`) and the fast
    /// re-ranker (`r` toggles it). A raw index is checked at once; a CoMIR index's model file must be
    /// readable now but loads on first use, not before the first screen.
    static func service(for index: Engine, queryModality: String?) throws -> SearchService {
        let engine = index.with(reranker: FastReranker())
        let summary = engine.summary
        let resolve: @Sendable () throws -> IndexRepresentations = { try IndexRepresentations.resolve(for: summary, indexPath: engine.indexPath, queryModality: queryModality) }
        if summary.representation == RawRepresentation().identifier {
            _ = try resolve()  // cheap for raw: refuses a --modality that would be ignored
            return SearchService(rawIndex: engine)
        }
        if let modelPath = summary.modelPath, !FileManager.default.isReadableFile(atPath: modelPath) {
            throw CMIRError.input("\(engine.indexPath) was built with the model \(modelPath), which cannot be read")
        }
        return SearchService(engine: engine) {
            let representations = try resolve()
            return (representations.query, representations.repository)
        }
    }

    static func browse(_ source: RepositorySource, queries: [String], crops: String) throws {
        let app = try BrowserApp(source: source, queries: queries, cropsFolder: crops, capabilities: .detect())
        let status = try app.run()
        if status != 0 { throw ExitCode(status) }
    }
}
