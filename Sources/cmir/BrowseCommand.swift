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
        let settings = IndexSettings()
        let model = FileManager.default.fileExists(atPath: demo.modelFile.path) ? demo.modelFile : nil
        // The cache key hashes the model file itself: no need to load the model just to find the index.
        let cache = try DemoIndex(demo: demo, representation: model == nil ? RawRepresentation().identifier : "comir",
                                  model: model, settings: settings)
        let demoQueries = try queries ?? ImageDirectory.imagePaths(in: demo.queryDirectory.path)
        let queryModality = queryModality ?? (model == nil ? nil : "shg")
        if FileManager.default.fileExists(atPath: cache.path), let engine = try? Engine(indexPath: cache.path) {
            try browse(.ready(try service(for: engine, queryModality: queryModality)), queries: demoQueries, crops: crops)
            return
        }
        let directory = demo.repositoryDirectory.path
        try browse(.prepare { progress, isCancelled in
            let comir = try model.map { try CoMIRRepresentation(modelPath: $0.path, modality: "bf") }
            _ = try Engine.buildIndex(directory: directory, output: cache.path, settings: settings,
                                      representation: comir ?? RawRepresentation(),
                                      model: comir.map { ModelIdentity(path: model!.path, hash: $0.modelFingerprint) },
                                      progress: progress, isCancelled: isCancelled)
            return try service(for: try Engine(indexPath: cache.path), queryModality: queryModality)
        }, queries: demoQueries, crops: crops)
    }

    /// The representations that go with an index: raw images on both sides, or the networks of the
    /// index's CoMIR model (the repository's as recorded in the index, the queries' from `queryModality`,
    /// by default the model's other network). Models load on first use, not before the first screen.
    static func service(for engine: Engine, queryModality: String?) throws -> SearchService {
        let summary = engine.summary
        if summary.representation == RawRepresentation().identifier {
            if let queryModality {
                throw CMIRError.input("\(engine.indexPath) holds raw images; --modality \(queryModality) needs a CoMIR index")
            }
            return SearchService(rawIndex: engine)
        }
        guard let modelPath = summary.modelPath else {
            throw CMIRError.input("\(engine.indexPath) uses \(summary.representationSummary) but names no model file")
        }
        guard FileManager.default.isReadableFile(atPath: modelPath) else {
            throw CMIRError.input("\(engine.indexPath) was built with the model \(modelPath), which cannot be read")
        }
        // CoMIRRepresentation.summary reads "CoMIR <model> (<modality> network)".
        let recorded = summary.representationSummary.firstMatch(of: /\((\S+) network\)$/).map { String($0.1) }
        return SearchService(engine: engine) {
            let query: CoMIRRepresentation
            if let queryModality {
                query = try CoMIRRepresentation(modelPath: modelPath, modality: queryModality)
            } else {
                let names = try ModelFile.load(modelPath).modalityNames
                guard let other = names.first(where: { $0 != recorded }) else {
                    throw CMIRError.input("give the queries' --modality (one of \(names.joined(separator: ", ")))")
                }
                query = try CoMIRRepresentation(modelPath: modelPath, modality: other)
            }
            guard let recorded else { throw CMIRError.input("\(engine.indexPath) does not say which network represented it") }
            return (query, try CoMIRRepresentation(modelPath: modelPath, modality: recorded))
        }
    }

    static func browse(_ source: RepositorySource, queries: [String], crops: String) throws {
        let app = try BrowserApp(source: source, queries: queries, cropsFolder: crops, capabilities: .detect())
        let status = try app.run()
        if status != 0 { throw ExitCode(status) }
    }
}
