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
            index re-index only new or changed images (by content hash) and drop deleted ones. Settings not \
            given (--features, --vocabulary, --seed) are the index's own, so only a setting given with another \
            value rebuilds it. Unreadable \
            files are reported and skipped; a truncated JPEG is indexed as far as it goes, with a warning.
            """
    )

    @Argument(help: "Folder of repository images (PNG, JPEG, TIFF, BMP; not recursive).")
    var directory: String

    @Option(name: .long, help: "The index file to create or update.")
    var out: String

    @OptionGroup var build: BuildOptions

    @Option(help: "A vocabulary file (cmir vocabulary train) or another index whose vocabulary this index shares, so that indexes built apart can be searched together; its features, vocabulary size and seed replace those options.")
    var vocabularyFrom: String?

    @Option(help: "K/N: index only shard K of N of the folder's files (by file name), into the shards folder --out as shard-K-of-N.cmirindex; needs --vocabulary-from, which every shard shares.")
    var shard: String?

    @Flag(help: "Check every stored record; re-index the files whose records are damaged (rebuild the whole index when its settings, vocabulary or file structure are).")
    var repair = false

    func validate() throws {
        if vocabularyFrom != nil, build.givesVocabularySettings {
            throw ValidationError("--features, --vocabulary and --seed come from --vocabulary-from's file")
        }
        if shard != nil, vocabularyFrom == nil {
            throw ValidationError("shards share one vocabulary: give --vocabulary-from FILE (from cmir vocabulary train)")
        }
    }

    func run() throws {
        let representation = try build.representation()
        let frozen = try vocabularyFrom.map { try FrozenVocabulary(path: $0) }
        let selection = try shard.map { try ShardSelection(parsing: $0) }
        let out = try selection.map { try Self.shardFile($0, inFolder: self.out) } ?? self.out
        let report = try Engine.buildIndex(directory: directory, output: out, settings: build.settings(for: representation, updating: out),
                                           representation: representation, pixelSize: build.pixelSize,
                                           queryPixelSize: build.queryPixelSize, vocabulary: frozen, shard: selection,
                                           repair: repair, progress: TerminalProgressBar())
        for failure in report.failed {
            ExitStatus.printError("skipped \(failure.path): \(failure.reason)")
        }
        // Kept: most of a cut-off file is intact and still findable; the warning says which file to replace.
        for (path, damage) in report.damaged.sorted(by: { $0.key < $1.key }) {
            ExitStatus.printError("warning: \(path): \(damage); indexed what it holds")
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
            : frozen.map { "vocabulary of \(report.vocabularySize) words from \($0.path) (\($0.fingerprint))" }
            ?? "vocabulary of \(report.vocabularySize) words kept"
        let beside = report.rebuiltBeside ? " (rebuilt beside the old index, which it replaced when done)" : ""
        TerminalOutput.say("\(out): \(parts.joined(separator: ", ")); \(vocabularyNote)\(beside)")
    }

    /// The shard's index file in the shards folder `folder`, which is created when missing.
    static func shardFile(_ shard: ShardSelection, inFolder folder: String) throws -> String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw CMIRError.input("\(folder): with --shard, --out is the shards folder, and this is a file")
        }
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw CMIRError.input("\(folder): cannot create the shards folder")
        }
        return (folder as NSString).appendingPathComponent(shard.fileName)
    }
}
