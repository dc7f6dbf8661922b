@testable import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

/// `cmir manifest`: the check of a sharded build after its tasks ended, each shard complete, incomplete, missing or
/// damaged, with the command that rebuilds a bad one alone; and the searches' warning about incomplete shards.
@Suite struct ShardManifestTests {
    /// Nine images indexed as three shards from one vocabulary (the whole folder's index).
    struct ShardedFolder {
        let repository: IndexedFolder
        let shards: String

        init() throws {
            repository = try IndexedFolder(count: 9)
            shards = repository.folder.appendingPathComponent("shards").path
            for k in 1...3 { try build(k) }
        }

        func build(_ k: Int) throws {
            let built = try CommandRunner.run(["index", repository.images.path, "--out", shards, "--shard", "\(k)/3",
                                               "--vocabulary-from", repository.index])
            #expect(built.status == 0, "\(built.stderr)")
        }

        func check() throws -> (result: CommandRunner.Result, manifest: ShardManifest) {
            let result = try CommandRunner.run(["manifest", shards, "--source", repository.images.path, "--shards", "3",
                                                "--vocabulary-from", repository.index])
            let data = try #require(FileManager.default.contents(atPath: shards + "/manifest.json"), "\(result.stderr)")
            return (result, try JSONDecoder().decode(ShardManifest.self, from: data))
        }

        func shardFile(_ k: Int) -> String { shards + "/shard-\(k)-of-3.cmirindex" }
    }

    @Test func completeShardsGiveACompleteManifest() throws {
        let sharded = try ShardedFolder()
        defer { try? FileManager.default.removeItem(at: sharded.repository.folder) }
        let (result, manifest) = try sharded.check()
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
        #expect(result.stdout.contains("manifest.json: 3 of 3 shards complete (9 files, 9 places"), "\(result.stdout)")
        #expect(manifest.shards.map(\.state) == [.complete, .complete, .complete])
        #expect(manifest.shards.map(\.file) == (1...3).map { "shard-\($0)-of-3.cmirindex" })
        #expect(manifest.shards.reduce(0) { $0 + $1.fileCount } == 9 && manifest.shards.allSatisfy { $0.bytes > 0 })
        #expect(manifest.vocabularyFingerprint == (try FrozenVocabulary(path: sharded.repository.index)).fingerprint)
        #expect(manifest.shardCount == 3 && manifest.source == sharded.repository.images.standardizedFileURL.path)
        #expect(!FileManager.default.fileExists(atPath: sharded.shards + "/manifest.json.partial"))
    }

    @Test func aMissingShardIsNamedWithTheCommandThatRebuildsItAlone() throws {
        let sharded = try ShardedFolder()
        defer { try? FileManager.default.removeItem(at: sharded.repository.folder) }
        try FileManager.default.removeItem(atPath: sharded.shardFile(2))
        let (result, manifest) = try sharded.check()
        #expect(result.status == 1 && result.stdout.contains("2 of 3 shards complete"), "\(result.stdout)")
        #expect(manifest.shards.map(\.state) == [.complete, .missing, .complete])
        let lines = result.stderr.split(separator: "\n")
        let line = try #require(lines.first, "\(result.stderr)")
        #expect(lines.count == 1 && line.hasPrefix("cmir: shard-2-of-3.cmirindex: missing; rebuild it alone with: cmir index "), "\(line)")
        // The command, run as printed, rebuilds that shard alone and the manifest is complete again.
        let command = String(line.split(separator: "with: ", maxSplits: 1)[1])
        #expect(command.contains("--shard 2/3"), "\(command)")
        let rebuild = command.replacingOccurrences(of: "cmir ", with: CommandRunner.executable.path + " ", options: .anchored)
        #expect(try ExternalCommand.run("/bin/sh", ["-c", rebuild]).status == 0)
        #expect(try sharded.check().result.status == 0)
    }

    @Test func aShardLackingAssignedFilesIsIncompleteAndSearchesWarnAboutIt() throws {
        let sharded = try ShardedFolder()
        defer { try? FileManager.default.removeItem(at: sharded.repository.folder) }
        // A file added to the folder after the build, in shard 1 by its name: shard 1 no longer holds all of its files.
        let shard = try ShardSelection(parsing: "1/3")
        let name = try #require((100..<200).map { "late\($0).png" }.first(where: shard.contains))
        try ImageFile.save(TexturedImages.make(seed: 77), to: sharded.repository.images.appendingPathComponent(name).path)
        // A file of shard 2 changed since: shard 2 holds an outdated version of it.
        let second = try ShardSelection(parsing: "2/3")
        let changed = try #require(sharded.repository.paths.first(where: second.contains))
        try ImageFile.save(TexturedImages.make(seed: 78), to: changed)
        let (result, manifest) = try sharded.check()
        #expect(result.status == 1, "\(result.stderr)")
        #expect(manifest.shards.map(\.state) == [.incomplete, .incomplete, .complete])
        #expect(manifest.shards[0].missingFiles == [name] && manifest.shards[1].changedFiles == [(changed as NSString).lastPathComponent])
        #expect(result.stderr.contains("cmir: shard-1-of-3.cmirindex: incomplete (1 missing: \(name)); rebuild it alone with: cmir index"),
                "\(result.stderr)")
        #expect(result.stderr.contains("shard-2-of-3.cmirindex: incomplete (1 changed: \((changed as NSString).lastPathComponent))"), "\(result.stderr)")
        let query = try CommandRunner.run(["query", sharded.shards, sharded.repository.paths[0]])
        #expect(query.status == 0 && query.stderr.contains("warning: \(sharded.shards): shard-1-of-3.cmirindex, shard-2-of-3.cmirindex incomplete by its manifest"),
                "\(query.stderr)")
        // Rebuilt after the manifest: no longer taken for incomplete, and the manifest says complete.
        try sharded.build(1)
        try sharded.build(2)
        #expect(try CommandRunner.run(["query", sharded.shards, sharded.repository.paths[0]]).stderr.isEmpty)
        #expect(try sharded.check().manifest.shards.map(\.state) == [.complete, .complete, .complete])
    }

    @Test func aForeignFileOrAnotherVocabularyIsADamagedShard() throws {
        let sharded = try ShardedFolder()
        defer { try? FileManager.default.removeItem(at: sharded.repository.folder) }
        try Data("not an index".utf8).write(to: URL(fileURLWithPath: sharded.shardFile(3)))
        let other = sharded.repository.folder.appendingPathComponent("other.cmirvocab").path
        let trained = try CommandRunner.run(["vocabulary", "train", sharded.repository.images.path, "--out", other, "--vocabulary", "40", "--seed", "9"])
        #expect(trained.status == 0, "\(trained.stderr)")
        let rebuilt = try CommandRunner.run(["index", sharded.repository.images.path, "--out", sharded.shards, "--shard", "1/3", "--vocabulary-from", other])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        let (result, manifest) = try sharded.check()
        #expect(result.status == 1)
        #expect(manifest.shards.map(\.state) == [.damaged, .complete, .damaged])
        #expect(manifest.shards[0].reason?.contains("another vocabulary than") == true, "\(manifest.shards[0].reason ?? "")")
        #expect(result.stderr.contains("shard-3-of-3.cmirindex: damaged (") && result.stderr.contains("remove it, then rebuild it alone with:"),
                "\(result.stderr)")
    }

    @Test func badArgumentsAreRefusedInOneLine() throws {
        let sharded = try ShardedFolder()
        defer { try? FileManager.default.removeItem(at: sharded.repository.folder) }
        let images = sharded.repository.images.path, vocabulary = sharded.repository.index
        for (arguments, reason) in [
            (["manifest", sharded.shards, "--source", images, "--shards", "0", "--vocabulary-from", vocabulary], "--shards must be between 1"),
            (["manifest", sharded.shards + "/none", "--source", images, "--shards", "3", "--vocabulary-from", vocabulary], "no such shards folder"),
            (["manifest", sharded.shards, "--source", images + "/none", "--shards", "3", "--vocabulary-from", vocabulary], "no such folder"),
            (["manifest", sharded.shards, "--source", images, "--shards", "3", "--vocabulary-from", images + "/img0.png"], "img0.png"),
        ] {
            let result = try CommandRunner.run(arguments)
            #expect(result.status == 2 && result.stderr.contains(reason) && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        }
    }
}
