import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

/// Ctrl-C during `cmir index`: what was committed stays usable, and the next run finishes the rest.
@Suite struct InterruptedIndexTests {
    @Test func anInterruptedIndexOpensAndTheNextRunCompletesIt() throws {
        let root = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let images = root.appendingPathComponent("repo")
        try TexturedImages.writeFolder(images, count: 40)
        let index = root.appendingPathComponent("repo.cmirindex").path

        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = ["index", images.path, "--out", index, "--features", "sift", "--vocabulary", "40"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()

        // Wait until at least one image is committed, then interrupt as Ctrl-C does.
        var seen = 0
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline {
            seen = (try? Engine(indexPath: index).images.count) ?? 0
            if seen > 0 { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        if process.isRunning { process.interrupt() }
        process.waitUntilExit()
        #expect(seen > 0, "no image was committed within 60 s")

        let partial = try Engine(indexPath: index)
        #expect(partial.images.count >= seen && partial.images.count <= 40)
        let kept = partial.images.count
        let rerun = try CommandRunner.run(["index", images.path, "--out", index, "--features", "sift", "--vocabulary", "40"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.contains("\(40 - kept) indexed, \(kept) unchanged"), "\(rerun.stdout)")
        #expect(try Engine(indexPath: index).images.count == 40)
    }
}
