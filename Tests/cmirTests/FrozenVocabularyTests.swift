@testable import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

/// `cmir vocabulary train` and `cmir index --vocabulary-from`: indexes built apart from one frozen vocabulary file
/// store every image under the same words as one index of all the images would.
@Suite struct FrozenVocabularyTests {
    @Test func indexesBuiltApartFromOneVocabularyFileStoreTheWordsOfOneIndex() throws {
        let root = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let all = root.appendingPathComponent("all"), first = root.appendingPathComponent("first")
        let second = root.appendingPathComponent("second")
        let paths = try TexturedImages.writeFolder(all, count: 6)
        for (folder, range) in [(first, 0..<3), (second, 3..<6)] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for path in paths[range] {
                try FileManager.default.copyItem(atPath: path, toPath: folder.appendingPathComponent((path as NSString).lastPathComponent).path)
            }
        }
        let vocabulary = root.appendingPathComponent("shared.cmirvocab").path
        let trained = try CommandRunner.run(["vocabulary", "train", all.path, "--out", vocabulary, "--features", "sift", "--vocabulary", "30"])
        #expect(trained.status == 0, "\(trained.stderr)")
        let fingerprint = try FrozenVocabulary(path: vocabulary).fingerprint
        let queried = try CommandRunner.run(["query", vocabulary, paths[0]])
        #expect(queried.status == 2 && queried.stderr.contains("holds no images (a vocabulary file"), "\(queried.stderr)")
        #expect(trained.stdout.contains("\(vocabulary): vocabulary of 30 words (\(fingerprint))"), "\(trained.stdout)")

        var words: [String: [VisualWord]] = [:]
        for (folder, name) in [(all, "all"), (first, "first"), (second, "second")] {
            let index = root.appendingPathComponent("\(name).cmirindex").path
            let built = try CommandRunner.run(["index", folder.path, "--out", index, "--vocabulary-from", vocabulary])
            #expect(built.status == 0 && built.stdout.contains("words from \(vocabulary) (\(fingerprint))"), "\(built.stdout) \(built.stderr)")
            let engine = try Engine(indexPath: index)
            #expect(engine.vocabulary.centroids == (try FrozenVocabulary(path: vocabulary)).coder.vocabulary.centroids)
            for image in engine.images where name != "all" { words[image.name] = try engine.words(ofImage: image.id) }
            if name == "all" {
                for image in engine.images { words["all/" + image.name] = try engine.words(ofImage: image.id) }
            }
        }
        for path in paths {
            let name = (path as NSString).lastPathComponent
            #expect(words[name] != nil && words[name] == words["all/" + name], "\(name)")
        }
        // Built again with the same file: nothing to do; with another vocabulary: rebuilt.
        let index = root.appendingPathComponent("first.cmirindex").path
        let again = try CommandRunner.run(["index", first.path, "--out", index, "--vocabulary-from", vocabulary])
        #expect(again.stdout.contains("0 indexed, 3 unchanged"), "\(again.stdout)")
        let other = root.appendingPathComponent("other.cmirvocab").path
        _ = try CommandRunner.run(["vocabulary", "train", all.path, "--out", other, "--features", "sift", "--vocabulary", "30", "--seed", "2"])
        let switched = try CommandRunner.run(["index", first.path, "--out", index, "--vocabulary-from", other])
        #expect(switched.stdout.contains("3 indexed, 0 unchanged") && switched.stdout.contains("rebuilt beside"), "\(switched.stdout)")
    }

    @Test func aVocabularyFileMustFitTheIndexSettings() throws {
        let repository = try IndexedFolder(count: 2)
        defer { try? FileManager.default.removeItem(at: repository.folder) }
        let conflicting = try CommandRunner.run(["index", repository.images.path, "--out", repository.folder.appendingPathComponent("x").path,
                                                 "--vocabulary-from", repository.index, "--features", "sift"])
        #expect(conflicting.status == 2 && conflicting.stderr.contains("come from --vocabulary-from's file"), "\(conflicting.stderr)")
        let otherRepresentation = try CommandRunner.run(["index", repository.images.path, "--out", repository.folder.appendingPathComponent("y").path,
                                                         "--vocabulary-from", repository.index, "--model", try DemoAssets.locate().modelFile.path, "--modality", "bf"])
        #expect(otherRepresentation.status == 2 && otherRepresentation.stderr.contains("was trained on raw grayscale, not CoMIR"), "\(otherRepresentation.stderr)")
        let missing = try CommandRunner.run(["index", repository.images.path, "--out", repository.folder.appendingPathComponent("z").path,
                                             "--vocabulary-from", repository.folder.appendingPathComponent("none").path])
        #expect(missing.status == 2 && missing.stderr.contains("no such index"), "\(missing.stderr)")
    }

    @Test func theShardsOfAFolderPartitionItsFilesAndSearchAsOneIndex() throws {
        let repository = try IndexedFolder(count: 9)
        defer { try? FileManager.default.removeItem(at: repository.folder) }
        let shards = repository.folder.appendingPathComponent("shards").path
        var names: [String] = []
        for k in 1...3 {
            let built = try CommandRunner.run(["index", repository.images.path, "--out", shards, "--shard", "\(k)/3",
                                               "--vocabulary-from", repository.index])
            #expect(built.status == 0, "\(built.stderr)")
            let engine = try Engine(indexPath: shards + "/shard-\(k)-of-3.cmirindex")
            let whole = try Engine(indexPath: repository.index)
            for image in engine.images {
                names.append(image.name)
                let same = try #require(whole.images.first { $0.name == image.name })
                #expect(try engine.words(ofImage: image.id) == whole.words(ofImage: same.id))
            }
        }
        #expect(names.sorted() == repository.paths.map { ($0 as NSString).lastPathComponent }.sorted())
        // A shard that no file falls in is written empty (2 files in 4 shards: at least 2 are empty), not left missing.
        let small = repository.folder.appendingPathComponent("small")
        try TexturedImages.writeFolder(small, count: 2)
        let smallShards = repository.folder.appendingPathComponent("small-shards").path
        for k in 1...4 {
            let built = try CommandRunner.run(["index", small.path, "--out", smallShards, "--shard", "\(k)/4",
                                               "--vocabulary-from", repository.index])
            #expect(built.status == 0 && FileManager.default.fileExists(atPath: smallShards + "/shard-\(k)-of-4.cmirindex"),
                    "\(built.stderr)")
        }
        let overSmall = try CommandRunner.run(["query", smallShards, repository.paths[0], "--json"])
        #expect(overSmall.status == 0 && overSmall.stderr.isEmpty, "\(overSmall.stderr)")
        // The shards folder searched as one: the same ranking, scores and regions as the one index.
        for query in repository.paths.prefix(3) {
            let overShards = try CommandRunner.run(["query", shards, query, "--json", "--top", "9", "--rerank", "5"])
            let overOne = try CommandRunner.run(["query", repository.index, query, "--json", "--top", "9", "--rerank", "5"])
            #expect(overShards.status == 0 && !overShards.stdout.isEmpty && overShards.stdout == overOne.stdout, "\(overShards.stderr)")
        }
        // A shard whose task failed is named, and the others are searched; rebuilt alone, it is back.
        let second = shards + "/shard-2-of-3.cmirindex"
        try FileManager.default.moveItem(atPath: second, toPath: repository.folder.appendingPathComponent("aside").path)
        let partial = try CommandRunner.run(["query", shards, repository.paths[0]])
        #expect(partial.status == 0 && partial.stderr.contains("shard-2-of-3.cmirindex missing"), "\(partial.stderr)")
        let rebuilt = try CommandRunner.run(["index", repository.images.path, "--out", shards, "--shard", "2/3",
                                             "--vocabulary-from", repository.index])
        #expect(rebuilt.status == 0 && FileManager.default.fileExists(atPath: second), "\(rebuilt.stderr)")
        #expect(try CommandRunner.run(["query", shards, repository.paths[0]]).stderr.isEmpty)
        // A file of other settings among the shards is refused by name.
        try FileManager.default.copyItem(atPath: repository.index, toPath: shards + "/stray.cmirindex")
        let mixed = try CommandRunner.run(["query", shards, repository.paths[0]])
        #expect(mixed.status == 2 && mixed.stderr.contains("stray.cmirindex: built with other settings or another vocabulary"),
                "\(mixed.stderr)")
        let unshared = try CommandRunner.run(["index", repository.images.path, "--out", shards, "--shard", "1/3"])
        #expect(unshared.status == 2 && unshared.stderr.contains("give --vocabulary-from"), "\(unshared.stderr)")
        let impossible = try CommandRunner.run(["index", repository.images.path, "--out", shards, "--shard", "4/3",
                                                "--vocabulary-from", repository.index])
        #expect(impossible.status == 2 && impossible.stderr.contains("give K/N with 1 <= K <= N"), "\(impossible.stderr)")
    }
}
