@testable import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

/// The Slurm job scripts for real, on the one-node cluster that scripts/slurm/start-single-node starts: the
/// index array and the manifest job after it, a task that fails, and that shard rebuilt alone.
@Suite(.serialized) struct SlurmIntegrationTests {
    @Test(.enabled(if: SingleNodeSlurm.canStart, "needs root, Slurm (apt-get install slurm-wlm munge) and no other cluster's /etc/slurm/slurm.conf to start a one-node cluster"),
          .timeLimit(.minutes(3)))
    func theArrayIndexesEveryShardAndAFailedShardIsNamedSkippedAndRebuiltAlone() throws {
        let startedHere = try SingleNodeSlurm.start()
        defer { if startedHere { SingleNodeSlurm.stop() } }
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let images = folder.appendingPathComponent("images"), shards = folder.appendingPathComponent("shards").path
        let paths = try TexturedImages.writeFolder(images, count: 9)
        let vocabulary = folder.appendingPathComponent("shared.cmirvocab").path
        let trained = try CommandRunner.run(["vocabulary", "train", images.path, "--out", vocabulary, "--vocabulary", "40"])
        #expect(trained.status == 0, "\(trained.stderr)")
        let arguments = [images.path, shards, vocabulary, "3"]

        // Every task succeeds: the manifest lists three complete shards and a query over them finds its image.
        let first = try SingleNodeSlurm.submit(arguments)
        try SingleNodeSlurm.waitForJobs([first.indexJob, first.manifestJob])
        #expect(try SingleNodeSlurm.states(of: first.indexJob) == ["COMPLETED", "COMPLETED", "COMPLETED"])
        #expect(try SingleNodeSlurm.states(of: first.manifestJob) == ["COMPLETED"])
        #expect(try Self.manifest(shards).shards.map(\.state) == [.complete, .complete, .complete])
        #expect(try Self.manifest(shards).shards.reduce(0) { $0 + $1.fileCount } == 9)
        let second = try ShardSelection(parsing: "2/3")
        let inSecond = try #require(paths.first(where: second.contains)), elsewhere = try #require(paths.first { !second.contains($0) })
        try Self.expectTopResult(of: inSecond, in: shards, warning: nil)

        // Task 2 fails for real: its index cannot be locked (a folder stands where its lock file goes).
        try FileManager.default.removeItem(atPath: shards + "/shard-2-of-3.cmirindex")
        let blocker = shards + "/shard-2-of-3.cmirindex.lock"
        try FileManager.default.createDirectory(atPath: blocker, withIntermediateDirectories: false)
        let failing = try SingleNodeSlurm.submit(["--array=2"] + arguments)
        try SingleNodeSlurm.waitForJobs([failing.indexJob, failing.manifestJob])
        #expect(try SingleNodeSlurm.states(of: failing.indexJob) == ["FAILED"])
        #expect(try SingleNodeSlurm.states(of: failing.manifestJob) == ["FAILED"])
        #expect(try Self.manifest(shards).shards.map(\.state) == [.complete, .missing, .complete])
        let log = try String(contentsOfFile: shards + "/logs/manifest-\(failing.manifestJob).log", encoding: .utf8)
        #expect(log.contains("cmir: shard-2-of-3.cmirindex: missing; rebuild it alone with: cmir index \(images.path) --out \(shards) --shard 2/3"), "\(log)")
        let resubmit = try #require(log.split(separator: "\n").first { $0.hasPrefix("resubmit them on Slurm with: ") }, "\(log)")
        #expect(resubmit.contains("submit-index --array=2 "), "\(resubmit)")
        // The other shards still answer, and the query names the missing one.
        try Self.expectTopResult(of: elsewhere, in: shards, warning: "shard-2-of-3.cmirindex missing")

        // Rebuilt alone with the command the manifest job printed, the shard is back and the manifest complete.
        try FileManager.default.removeItem(atPath: blocker)
        let rebuild = try ExternalCommand.run("/bin/sh", ["-c", String(resubmit.dropFirst("resubmit them on Slurm with: ".count))],
                                              environment: ["CMIR": CommandRunner.executable.path])
        #expect(rebuild.status == 0, "\(rebuild.stderr)")
        let rebuilt = try SingleNodeSlurm.submission(printedBy: rebuild.stdout)
        try SingleNodeSlurm.waitForJobs([rebuilt.indexJob, rebuilt.manifestJob])
        #expect(try SingleNodeSlurm.states(of: rebuilt.manifestJob) == ["COMPLETED"])
        #expect(try Self.manifest(shards).shards.map(\.state) == [.complete, .complete, .complete])
        try Self.expectTopResult(of: inSecond, in: shards, warning: nil)
    }

    static func manifest(_ shards: String) throws -> ShardManifest {
        let data = try #require(FileManager.default.contents(atPath: shards + "/manifest.json"))
        return try JSONDecoder().decode(ShardManifest.self, from: data)
    }

    /// `cmir query SHARDS IMAGE --json` ranks the image itself first; stderr holds `warning` or nothing.
    static func expectTopResult(of image: String, in shards: String, warning: String?) throws {
        let query = try CommandRunner.run(["query", shards, image, "--json", "--top", "3"])
        #expect(query.status == 0, "\(query.stderr)")
        let results = try #require(try JSONSerialization.jsonObject(with: Data(query.stdout.utf8)) as? [[String: Any]], "\(query.stdout)")
        #expect(results.first?["name"] as? String == (image as NSString).lastPathComponent, "\(query.stdout)")
        if let warning {
            #expect(query.stderr.contains(warning), "\(query.stderr)")
        } else {
            #expect(query.stderr.isEmpty, "\(query.stderr)")
        }
    }
}
