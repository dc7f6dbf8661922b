import ArgumentParser
import CMIRKit
import Foundation

/// `cmir manifest SHARDS_DIR --source DIR --shards N --vocabulary-from FILE`: checks the N shards of a sharded
/// build (`cmir index --shard K/N`) once its tasks have ended, writes SHARDS_DIR/manifest.json and names every
/// shard to rebuild with the command that rebuilds it alone.
struct ManifestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manifest",
        abstract: "Check the shards of a sharded index and write their manifest (manifest.json).",
        discussion: """
            Each shard K of N is complete when its file opens as an index of the shared vocabulary and holds every \
            file of the source folder that falls in shard K, unchanged since; otherwise it is incomplete (files \
            missing, changed or removed), missing or damaged. The manifest lists every shard with its state, file \
            and place counts and size; queries of the folder warn about the shards it marks incomplete. Each shard \
            that is not complete is named on stderr with the cmir index command that rebuilds it alone, and the \
            exit status is 1.
            """
    )

    @Argument(help: "The shards folder (cmir index --shard K/N --out SHARDS_DIR).")
    var shardsFolder: String

    @Option(help: "The folder of images or slides the shards were built from.")
    var source: String

    @Option(help: "N: the number of shards the folder was split into.")
    var shards: Int

    @Option(help: "The vocabulary file the shards were built with (cmir index --vocabulary-from).")
    var vocabularyFrom: String

    func validate() throws {
        if !(1...ShardSelection.maximumCount).contains(shards) {
            throw ValidationError("--shards must be between 1 and \(ShardSelection.maximumCount)")
        }
    }

    func run() throws {
        let vocabulary = try FrozenVocabulary(path: Self.absolute(vocabularyFrom))
        let folder = Self.absolute(shardsFolder)
        let manifest = try ShardManifest.check(shardsFolder: folder, source: source, count: shards, vocabulary: vocabulary)
        try manifest.write(inFolder: folder)
        for shard in manifest.incomplete {
            let command = (["cmir", "index", manifest.source, "--out", folder, "--shard", "\(shard.number)/\(shards)",
                            "--vocabulary-from", vocabulary.path] + vocabulary.representationArguments).map(Self.shellWord)
            let removeFirst = shard.state == .damaged ? "remove it, then " : ""
            ExitStatus.printError("\(shard.file): \(Self.describe(shard)); \(removeFirst)rebuild it alone with: \(command.joined(separator: " "))")
        }
        let complete = manifest.shards.count - manifest.incomplete.count
        let files = manifest.shards.reduce(0) { $0 + $1.fileCount }, places = manifest.shards.reduce(0) { $0 + $1.placeCount }
        let bytes = ByteCountFormatter.string(fromByteCount: Int64(manifest.shards.reduce(0) { $0 + $1.bytes }), countStyle: .file)
        TerminalOutput.say("\((folder as NSString).appendingPathComponent(ShardManifest.fileName)): \(complete) of \(shards) shards complete "
                           + "(\(files) files, \(places) places, \(bytes); vocabulary \(vocabulary.fingerprint))")
        if !manifest.incomplete.isEmpty { throw ExitCode(1) }
    }

    /// What is wrong with a shard, in a few words: its state and the first files concerned.
    static func describe(_ shard: ShardManifest.Shard) -> String {
        switch shard.state {
        case .complete: return "complete"
        case .missing: return "missing"
        case .damaged: return "damaged (\(shard.reason ?? "unreadable"))"
        case .incomplete:
            let parts = [("missing", shard.missingFiles), ("changed", shard.changedFiles), ("removed from the folder", shard.removedFiles)]
                .filter { !$0.1.isEmpty }
                .map { "\($0.1.count) \($0.0): \(names($0.1))" }
            return "incomplete (\(parts.joined(separator: "; ")))"
        }
    }

    /// Up to five file names, then how many more.
    private static func names(_ files: [String]) -> String {
        let shown = files.prefix(5).joined(separator: ", ")
        return files.count > 5 ? "\(shown) and \(files.count - 5) more" : shown
    }

    private static func absolute(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }

    /// The word as a POSIX shell reads it back: as it is when it holds only safe characters, else single-quoted.
    static func shellWord(_ word: String) -> String {
        let safe = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+=:,@%")
        guard word.isEmpty || word.unicodeScalars.contains(where: { !safe.contains($0) }) else { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
