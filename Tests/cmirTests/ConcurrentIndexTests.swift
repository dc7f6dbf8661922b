import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

/// Two writers on one index, and readers during a rebuild: one writer at a time, and a reader sees the old index
/// or the new one, never a mix.
@Suite struct ConcurrentIndexTests {
    @Test func aSecondWriterIsToldWhoHoldsTheIndexAndTheFirstFinishesAConsistentIndex() throws {
        let root = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let images = root.appendingPathComponent("repo")
        let paths = try TexturedImages.writeFolder(images, count: 24)
        let index = root.appendingPathComponent("repo.cmirindex").path

        // The interleaving: the first run paused while it holds the index, a second with another
        // vocabulary run meanwhile, then the first continued.
        let first = try RunningCommand(["index", images.path, "--out", index, "--features", "sift", "--vocabulary", "40"])
        // Paused once it holds the lock: the holder writes who it is into the lock file after taking it.
        #expect(first.wait(upTo: 60) { !(FileManager.default.contents(atPath: index + ".lock") ?? Data()).isEmpty || !first.isRunning })
        first.signal(SIGSTOP)
        let second = try CommandRunner.run(["index", images.path, "--out", index, "--features", "sift", "--vocabulary", "30"])
        first.signal(SIGCONT)
        #expect(second.status == 1, "\(second.stdout)")
        #expect(second.stderr.contains("\(index): being updated by process \(first.processIdentifier) since "), "\(second.stderr)")
        #expect(try first.finish().status == 0)

        let engine = try Engine(indexPath: index)
        #expect(engine.images.count == 24 && engine.vocabulary.size == 40)
        for path in paths.prefix(4) {
            #expect(try engine.search(SearchRequest(path: path, top: 1)).matches.first?.path == path)
        }
        // The lock went with the first writer: a third run finds everything in place.
        let third = try CommandRunner.run(["index", images.path, "--out", index, "--features", "sift", "--vocabulary", "40"])
        #expect(third.status == 0 && third.stdout.contains("0 indexed, 24 unchanged"), "\(third.stdout) \(third.stderr)")
    }

    @Test func readersSeeTheOldIndexWhileASettingsChangeRebuildsItAndTheNewOneAfter() throws {
        let repository = try IndexedFolder(count: 16)
        defer { try? FileManager.default.removeItem(at: repository.folder) }
        let index = repository.index
        let before = try Engine(indexPath: index)
        let rebuild = try RunningCommand(["index", repository.images.path, "--out", index, "--vocabulary", "25"])
        #expect(rebuild.wait(upTo: 60) { FileManager.default.fileExists(atPath: index + ".rebuild") || !rebuild.isRunning })
        rebuild.signal(SIGSTOP)
        // Mid-rebuild: a new reader gets the whole old index.
        let during = try CommandRunner.run(["query", index, repository.paths[3], "--json"])
        rebuild.signal(SIGCONT)
        #expect(during.status == 0, "\(during.stderr)")
        let results = try JSONSerialization.jsonObject(with: Data(during.stdout.utf8)) as? [[String: Any]]
        #expect(results?.count == 10 && results?.first?["path"] as? String == repository.paths[3])
        #expect(try rebuild.finish().status == 0)
        #expect(!FileManager.default.fileExists(atPath: index + ".rebuild"))
        // A reader opened before the rebuild still searches the old index; a new one gets the new.
        #expect(try before.search(SearchRequest(path: repository.paths[5], top: 1)).matches.first?.path == repository.paths[5])
        let after = try Engine(indexPath: index)
        #expect(before.vocabulary.size == 40 && after.vocabulary.size == 25)
    }
}
