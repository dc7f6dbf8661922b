import ArgumentParser
import CMIRKit
import Foundation

/// `cmir index DIR --out INDEX`: builds or updates the searchable index of a folder of images.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Index a folder of images for retrieval (updates an existing index incrementally).",
        discussion: """
            The vocabulary is trained when the index is new or its settings change; later runs on the same \
            index re-index only new or changed images (by content hash) and drop deleted ones. Unreadable \
            files are reported and skipped.
            """
    )

    @Argument(help: "Folder of repository images (PNG, JPEG, TIFF, BMP; not recursive).")
    var directory: String

    @Option(name: .long, help: "The index file to create or update.")
    var out: String

    @Option(help: "Feature extractor: \(FeatureExtractorKind.allCases.map(\.rawValue).joined(separator: ", ")) (default: rootsift with --model, surf without).")
    var features: String?

    @Option(help: "Number of visual words.")
    var vocabulary: Int = IndexSettings.defaultVocabularySize

    @Option(help: "Seed of the vocabulary's random choices.")
    var seed: UInt64 = 1

    @Option(help: "Microns per pixel of the slides that do not record theirs.")
    var pixelSize: Double?

    @Option(help: "Microns per pixel of the queries to come: slides are indexed at the coarsest level no coarser than that.")
    var queryPixelSize: Double?

    @Option(help: "A trained CoMIR model (.cmirmodel): index its representations instead of the raw images.")
    var model: String?

    @Option(help: "With --model: the modality of the repository images (the network that represents them).")
    var modality: String?

    @Flag(help: "Check every stored record; re-index the files whose records are damaged (rebuild the whole index when its settings, vocabulary or file structure are).")
    var repair = false

    @Flag(inversion: .prefixedNo,
          help: "With --model: average the network over the four quarter turns of each image (exactly rotation-equivariant, four times the work; default: yes, except for a model distilled with --distil-from). Queries of the index follow it.")
    var averageTurns: Bool?

    func validate() throws {
        if (model == nil) != (modality == nil) { throw ValidationError("--model and --modality go together") }
        if vocabulary < 1 || vocabulary > 1_000_000 { throw ValidationError("--vocabulary must be between 1 and 1000000") }
        for (name, value) in [("--pixel-size", pixelSize), ("--query-pixel-size", queryPixelSize)] {
            if let value, !(value > 0 && value.isFinite) { throw ValidationError("\(name) must be a positive number of microns") }
        }
    }

    func run() throws {
        var representation: any Representation = RawRepresentation()
        if let model, let modality {
            representation = try CoMIRRepresentation(modelPath: model, modality: modality, averagesQuarterTurns: averageTurns)
        }
        let settings = IndexSettings(features: features ?? representation.spec.defaultFeatures.rawValue,
                                     vocabularySize: vocabulary, seed: seed)
        let report = try Engine.buildIndex(directory: directory, output: out, settings: settings,
                                           representation: representation, pixelSize: pixelSize, queryPixelSize: queryPixelSize,
                                           repair: repair, progress: TerminalProgressBar())
        for failure in report.failed {
            ExitStatus.printError("skipped \(failure.path): \(failure.reason)")
        }
        for (path, slide) in report.slides.sorted(by: { $0.key < $1.key }) {
            let pixel = slide.micronsPerPixel.map { String(format: "%.3g µm per level-0 pixel", $0) } ?? "pixel size unknown"
            TerminalOutput.say("\((path as NSString).lastPathComponent): level \(slide.level) (downsample \(String(format: "%.3g", slide.scale))), "
                  + String(format: "%.1f %% tissue, ", 100 * slide.tissueFraction) + pixel)
        }
        if repair {
            let names = report.repaired.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
            TerminalOutput.say(report.rebuiltForDamage ? "\(out): its settings, vocabulary or file structure were damaged: rebuilt whole"
                               : report.repaired.isEmpty ? "\(out): no damage found"
                               : "\(out): \(report.repaired.count) files had damaged records and were indexed again: \(names)")
        }
        var parts = ["\(report.indexed.count) indexed", "\(report.unchanged.count) unchanged"]
        if !report.removed.isEmpty { parts.append("\(report.removed.count) removed") }
        if !report.failed.isEmpty { parts.append("\(report.failed.count) skipped") }
        let vocabularyNote = report.vocabularyBuilt ? "vocabulary of \(report.vocabularySize) words built"
                                                    : "vocabulary of \(report.vocabularySize) words kept"
        let beside = report.rebuiltBeside ? " (rebuilt beside the old index, which it replaced when done)" : ""
        TerminalOutput.say("\(out): \(parts.joined(separator: ", ")); \(vocabularyNote)\(beside)")
    }
}
