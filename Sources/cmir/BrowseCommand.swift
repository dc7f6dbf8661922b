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
            CMIR_GRAPHICS=kitty|iterm|sixel|symbols|blocks|none overrides the detected graphics mode (`cmir info --terminal` shows what was detected and why).
            """
    )

    @Argument(help: "The index file (from cmir index); the bundled demo when omitted.")
    var index: String?

    @Option(help: "Folder of query images offered by the query picker.")
    var queries: String?

    @Option(help: "Modality of the queries (the model network that represents them), for CoMIR indexes.")
    var modality: String?

    @Option(help: "With INDEX: search with this model file instead of the index's, one fine-tuned from it (cmir train --fine-tune) that kept the network the index was built with.")
    var model: String?

    @Option(help: "Folder where `s` in the crop tool saves query regions as PNG files.")
    var crops: String = "cmir-crops"

    func validate() throws {
        guard model == nil || index != nil else { throw ValidationError("--model searches an INDEX; the demo uses the shipped model") }
    }

    func run() throws {
        let queryPaths = try queries.map { try ImageDirectory.imagePaths(in: $0) }
        if let index {
            let engine = try Engine(indexPath: index, queryModality: modality, queryModel: model)
            try Self.browse(.ready(SearchService(engine: engine)), queries: queryPaths ?? [], crops: crops)
        } else {
            try Self.browseDemo(queries: queryPaths, queryModality: modality, crops: crops)
        }
    }

    /// The no-argument `cmir`: the demo repository (BF) with the demo's SHG queries; CoMIR when the shipped
    /// model is there, raw images otherwise.
    static func browseDemo(queries: [String]? = nil, queryModality: String? = nil, crops: String = "cmir-crops") throws {
        let demo = try DemoAssets.locate()
        let model = FileManager.default.fileExists(atPath: demo.modelFile.path) ? demo.modelFile : nil
        let representation: any Representation = try model.map {
            try CoMIRRepresentation(loaded: LoadedModel(path: $0.path), modality: "bf")
        } ?? RawRepresentation()
        let settings = IndexSettings(features: representation.spec.defaultFeatures.rawValue)
        let cache = try DemoIndex(demo: demo, representation: representation.spec, settings: settings)
        let demoQueries = try queries ?? ImageDirectory.imagePaths(in: demo.queryDirectory.path)
        let queryModality = queryModality ?? (model == nil ? nil : "shg")
        if FileManager.default.fileExists(atPath: cache.path),
           let engine = try? Engine(indexPath: cache.path, queryModality: queryModality) {
            try browse(.ready(SearchService(engine: engine)), queries: demoQueries, crops: crops)
            return
        }
        let directory = demo.repositoryDirectory.path
        try browse(.prepare { progress, isCancelled in
            _ = try Engine.buildIndex(directory: directory, output: cache.path, settings: settings,
                                      representation: representation, progress: progress, isCancelled: isCancelled)
            return SearchService(engine: try Engine(indexPath: cache.path, queryModality: queryModality))
        }, queries: demoQueries, crops: crops)
    }

    static func browse(_ source: RepositorySource, queries: [String], crops: String) throws {
        let app = try BrowserApp(source: source, queries: queries, cropsFolder: crops, capabilities: .detect())
        let status = try app.run()
        if status != 0 { throw ExitCode(status) }
    }
}
