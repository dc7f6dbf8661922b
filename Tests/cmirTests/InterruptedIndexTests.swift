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
        // Enough images that the run is still going when the test sees its first commit, even on a loaded machine.
        let count = 160
        try TexturedImages.writeFolder(images, count: count)
        let index = root.appendingPathComponent("repo.cmirindex").path

        // Started as from a shell: a Foundation `Process` inherits the test thread's blocked signals, and Ctrl-C
        // would never arrive.
        let run = try RunningCommand(["index", images.path, "--out", index, "--features", "sift", "--vocabulary", "40"])

        // Wait until at least one image is committed, then interrupt as Ctrl-C does.
        var seen = 0
        _ = run.wait(upTo: 60) {
            seen = (try? Engine(indexPath: index).images.count) ?? 0
            return seen > 0 || !run.isRunning
        }
        run.signal(SIGINT)
        let interrupted = try run.finish()
        #expect(seen > 0, "no image was committed within 60 s")
        #expect(interrupted.status == 128 + SIGINT, "the run ended before the interrupt: \(interrupted.stderr)")

        let partial = try Engine(indexPath: index)
        #expect(partial.images.count >= seen && partial.images.count <= count)
        let kept = partial.images.count
        let rerun = try CommandRunner.run(["index", images.path, "--out", index, "--features", "sift", "--vocabulary", "40"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.contains("\(count - kept) indexed, \(kept) unchanged"), "\(rerun.stdout)")
        #expect(try Engine(indexPath: index).images.count == count)
    }
}
