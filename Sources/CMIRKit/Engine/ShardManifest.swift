import Foundation

/// The manifest of a shards folder (`manifest.json`), written once every task of a sharded build has ended: for
/// each shard K of N, whether its file is there, opens as an index of the shared vocabulary and holds every file
/// of the source folder that `ShardSelection` assigns to it as the file is now (by name and content fingerprint,
/// as `cmir index` decides what to re-index). Searches read it back to warn about incomplete shards.
public struct ShardManifest: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable {
        /// Holds every file assigned to it, unchanged.
        case complete
        /// An index of the vocabulary that lacks assigned files or holds outdated ones (a task killed midway).
        case incomplete
        /// No file (a task that failed or never ran).
        case missing
        /// A file that does not open as an index of the shared vocabulary.
        case damaged
    }

    public struct Shard: Codable, Sendable, Equatable {
        public var number: Int
        public var file: String
        public var state: State
        /// Why the file is damaged.
        public var reason: String?
        /// Assigned files the shard does not hold (a task cut off before them, or files it could not read).
        public var missingFiles: [String]
        /// Files it holds whose content has changed since (their fingerprint differs).
        public var changedFiles: [String]
        /// Files it holds that the source folder no longer has.
        public var removedFiles: [String]
        public var fileCount: Int
        public var placeCount: Int
        public var bytes: Int
    }

    /// The source folder, absolute.
    public var source: String
    public var shardCount: Int
    /// The shared vocabulary's file and fingerprint (`FrozenVocabulary`).
    public var vocabulary: String
    public var vocabularyFingerprint: String
    /// When it was checked, ISO 8601.
    public var written: String
    public var shards: [Shard]

    public static let fileName = "manifest.json"

    public var incomplete: [Shard] { shards.filter { $0.state != .complete } }

    /// Checks the N shards of `folder` against the source folder and the vocabulary they share.
    public static func check(shardsFolder folder: String, source: String, count: Int, vocabulary: FrozenVocabulary) throws -> ShardManifest {
        guard (1...ShardSelection.maximumCount).contains(count) else {
            throw CMIRError.input("--shards \(count): give 1 to \(ShardSelection.maximumCount)")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CMIRError.input("\(folder): no such shards folder")
        }
        let absoluteSource = URL(fileURLWithPath: source).standardizedFileURL.path
        let paths = try ImageDirectory.imagePaths(in: absoluteSource)
        // Unreadable files get no fingerprint: no shard can hold them, so their shard is incomplete.
        let fingerprints = ParallelMap.results(paths.count) { i in try FileFingerprint.of(paths[i]) }
        var current: [String: String?] = [:]
        for (path, fingerprint) in zip(paths, fingerprints) { current[(path as NSString).lastPathComponent] = try? fingerprint.get() }
        let shards = try (1...count).map { number in
            let selection = try ShardSelection(parsing: "\(number)/\(count)")
            let assigned = current.filter { selection.contains($0.key) }
            return checkShard(selection, in: folder, assigned: assigned, vocabulary: vocabulary)
        }
        return ShardManifest(source: absoluteSource, shardCount: count, vocabulary: vocabulary.path,
                             vocabularyFingerprint: vocabulary.fingerprint,
                             written: ISO8601DateFormatter().string(from: Date()), shards: shards)
    }

    /// One shard's state; `assigned` maps the names of its files to their fingerprints (nil: unreadable).
    private static func checkShard(_ selection: ShardSelection, in folder: String, assigned: [String: String?],
                                   vocabulary: FrozenVocabulary) -> Shard {
        let path = (folder as NSString).appendingPathComponent(selection.fileName)
        var shard = Shard(number: selection.number, file: selection.fileName, state: .missing, reason: nil, missingFiles: [],
                          changedFiles: [], removedFiles: [], fileCount: 0, placeCount: 0, bytes: 0)
        guard FileManager.default.fileExists(atPath: path) else { return shard }
        shard.bytes = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int ?? 0
        let stored: [String: String]
        do {
            let store = try IndexStore.open(path)
            (stored, shard.placeCount) = try store.snapshot {
                let identity = try store.identity()
                guard let identity, identity == (try? vocabulary.identity(for: identity.representation)) else {
                    throw CMIRError.input("built with other settings or another vocabulary than \(vocabulary.path) (\(vocabulary.fingerprint))")
                }
                let hashes = try store.hashes()
                let names = Dictionary(try store.images().map { ($0.path, $0.name) }, uniquingKeysWith: { first, _ in first })
                return (Dictionary(hashes.map { (names[$0.key] ?? ($0.key as NSString).lastPathComponent, $0.value) },
                                   uniquingKeysWith: { first, _ in first }),
                        try store.places().count)
            }
        } catch {
            shard.state = .damaged
            shard.reason = Self.reason(error, path: path)
            return shard
        }
        shard.fileCount = stored.count
        shard.missingFiles = assigned.keys.filter { stored[$0] == nil }.sorted()
        shard.changedFiles = assigned.compactMap { name, fingerprint in
            stored[name].flatMap { $0 != fingerprint ? name : nil }
        }.sorted()
        shard.removedFiles = stored.keys.filter { assigned[$0] == nil }.sorted()
        let sound = shard.missingFiles.isEmpty && shard.changedFiles.isEmpty && shard.removedFiles.isEmpty
        shard.state = sound ? .complete : .incomplete
        return shard
    }

    /// The error's reason without the path it starts with (the shard is named beside it).
    private static func reason(_ error: any Error, path: String) -> String {
        let text = (error as? CMIRError)?.description ?? String(describing: error)
        return text.hasPrefix(path + ": ") ? String(text.dropFirst(path.count + 2)) : text
    }

    /// Writes `manifest.json` into the shards folder: beside it first, then renamed over it, so a reader never
    /// sees half a manifest.
    public func write(inFolder folder: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let path = (folder as NSString).appendingPathComponent(Self.fileName)
        let partial = path + ".partial"
        do {
            try (try encoder.encode(self) + Data("\n".utf8)).write(to: URL(fileURLWithPath: partial))
        } catch {
            throw CMIRError.failure("\(partial): cannot be written")
        }
        guard rename(partial, path) == 0 else {
            try? FileManager.default.removeItem(atPath: partial)
            throw CMIRError.failure("\(path): cannot replace it with \(partial)")
        }
    }

    /// The shards the manifest of `folder` marks incomplete and that have not been written since it was
    /// (a newer file was rebuilt after it); none when there is no readable manifest.
    static func incompleteShards(inFolder folder: String) -> [String] {
        let path = (folder as NSString).appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: path),
              let manifest = try? JSONDecoder().decode(ShardManifest.self, from: data),
              let checked = modificationDate(path) else { return [] }
        return manifest.shards.filter { shard in
            guard shard.state == .incomplete, let written = modificationDate((folder as NSString).appendingPathComponent(shard.file)) else {
                return false
            }
            return written <= checked
        }.map(\.file)
    }

    private static func modificationDate(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }
}
