import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

/// `cmir train` stopped by a signal: the checkpoint holds the run up to its last iteration and `--resume` goes on.
@Suite struct InterruptedTrainingTests {
    /// A run of the tiny training that would take hours: only a signal ends it.
    private func startLongRun(in folder: URL) throws -> (run: RunningCommand, arguments: [String], checkpoint: String) {
        let (rgb, gray) = try PairedFolders.write(in: folder)
        let model = folder.appendingPathComponent("m.cmirmodel").path
        let arguments = ["train", "--pair", "rgb=\(rgb)", "--pair", "gray=\(gray)", "--out", model] + PairedFolders.tinyTraining
        return (try RunningCommand(arguments + ["--iterations", "10000000"]), arguments, model + ".checkpoint")
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func aSignalWritesACheckpointThatResumeContinues(signal: Int32) throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (run, arguments, checkpoint) = try startLongRun(in: folder)
        #expect(run.wait(upTo: 60) { run.stderr.contains("iteration 30/") }, "\(run.stderr)")
        run.signal(signal)
        let ended = try run.finish(killingAfter: 60)
        #expect(ended.status == 128 + signal, "\(ended.stderr)")
        let last = try #require(ended.stderr.split(separator: "\n").last.map(String.init))
        let iteration = try #require(try ModelFile.load(checkpoint).training?.iterationsDone)
        #expect(iteration >= 30)
        #expect(last == "cmir: interrupted at iteration \(iteration) of 10000000; the checkpoint \(checkpoint) holds it: run the same command with --resume to continue")

        let resumed = try CommandRunner.run(arguments + ["--resume", "--iterations", "\(iteration + 2)"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("from iteration \(iteration) to \(iteration + 2)"), "\(resumed.stderr)")
        #expect(try ModelFile.load(checkpoint).training?.iterationsDone == iteration + 2)
    }

    /// The checkpoint exists right after the first iteration, long before --checkpoint-seconds (180 s): a run
    /// killed outright (no chance to write anything) still resumes from it.
    @Test func theFirstCheckpointComesAfterTheFirstIteration() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (run, arguments, checkpoint) = try startLongRun(in: folder)
        let written = run.wait(upTo: 30) { FileManager.default.fileExists(atPath: checkpoint) }
        #expect(written && run.isRunning, "\(run.stderr)")
        run.signal(SIGKILL)
        _ = try run.finish(killingAfter: 60)
        let iteration = try #require(try ModelFile.load(checkpoint).training?.iterationsDone)
        #expect(iteration >= 1)
        let resumed = try CommandRunner.run(arguments + ["--resume", "--iterations", "\(iteration + 1)"])
        #expect(resumed.status == 0 && resumed.stderr.contains("from iteration \(iteration) to \(iteration + 1)"), "\(resumed.stderr)")
    }

    /// After the last iteration the batch-normalisation recalibration says how far it is, instead of a silence
    /// that looks like a hang.
    @Test func theRecalibrationAfterTheLastIterationShowsProgress() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (rgb, gray) = try PairedFolders.write(in: folder)
        let model = folder.appendingPathComponent("m.cmirmodel").path
        let trained = try CommandRunner.run(["train", "--pair", "rgb=\(rgb)", "--pair", "gray=\(gray)", "--out", model, "--iterations", "2"]
                                            + PairedFolders.tinyTraining)
        #expect(trained.status == 0, "\(trained.stderr)")
        let lines = trained.stderr.split(separator: "\n").map(String.init)
        let first = try #require(lines.firstIndex { $0.hasPrefix("recalibrating batch normalisation") })
        #expect(lines[first - 1] == "checkpoint at iteration 2 written to \(model).checkpoint")
        #expect(lines[first] == "recalibrating batch normalisation on the final weights: batch 1/32")
        #expect(lines.contains("recalibrating batch normalisation on the final weights: batch 32/32"))
    }
}
