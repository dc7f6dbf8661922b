@testable import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

@Suite("CoMIR training stopped on request")
struct TrainingStopTests {
    @Test("A stop during the recalibration leaves the checkpoint of the last iteration, and resuming ends as the uninterrupted run")
    func stopDuringTheRecalibration() throws {
        let pairs = NetworkTestModels.syntheticPairs(count: 3, size: 32, seed: 4)
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let checkpoint = folder.appendingPathComponent("m.checkpoint").path

        let straight = try NetworkTestModels.tinyTrainer(pairs, iterations: 4)
        #expect(try straight.run(checkpoint: nil, checkpointSeconds: .infinity) { _ in } == .finished)

        let stopped = try NetworkTestModels.tinyTrainer(pairs, iterations: 4)
        var events: [String] = []
        let outcome = try stopped.run(checkpoint: checkpoint, checkpointSeconds: .infinity,
                                      shouldStop: { events.last == "recalibration 5" }) { event in
            switch event {
            case .iteration(let progress): events.append("iteration \(progress.iteration)")
            case .checkpoint(let iteration): events.append("checkpoint \(iteration)")
            case .recalibration(let batch, _): events.append("recalibration \(batch)")
            }
        }
        #expect(outcome == .stopped(iteration: 4))
        #expect(events == ["iteration 1", "checkpoint 1", "iteration 2", "iteration 3", "iteration 4", "checkpoint 4"]
                + (1...5).map { "recalibration \($0)" })
        let saved = try #require(try ModelFile.load(checkpoint).training)
        #expect(saved.iterationsDone == 4 && saved.recalibrationBatches == nil)

        let resumed = try CoMIRTrainer(resuming: checkpoint, pairs: pairs, iterations: nil)
        #expect(try resumed.run(checkpoint: checkpoint, checkpointSeconds: .infinity) { _ in } == .finished)
        #expect(resumed.record.recalibrationBatches == 32)
        #expect(NetworkTestModels.bitIdentical(straight.model, resumed.model))
    }
}
