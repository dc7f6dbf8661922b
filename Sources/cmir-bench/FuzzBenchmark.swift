import ArgumentParser
import CMIRKit
import CMIRTestSupport
import Foundation

/// Fuzzing the model and index readers at scale (the test suite runs a few hundred of each): mutated copies of a
/// real model file are loaded and, when accepted, run; damaged copies of a real index are opened, searched with
/// re-ranking and their words read. Every outcome must be a clean one-line error or a working result; a crash
/// would end the run, so a finished run reports 0 crashes.
struct FuzzBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fuzz", abstract: "Fuzz the model and index readers.")

    @Option(help: "A valid model file to mutate.") var model = "Assets/models/bf-shg.cmirmodel"
    @Option(help: "A valid index file to damage.") var index: String
    @Option(help: "A query image for the damaged indexes.") var query: String
    @Option(help: "Mutated files of each kind.") var count = 2000
    @Option(help: "Seed of the mutations.") var seed: UInt64 = 1
    @Option(help: "Where the mutated files are written.") var work = "/tmp/cmir-fuzz"
    @Option(help: "Append the JSON line to this file (default: stdout).") var json: String?

    /// Clean errors and accepted files of one reader.
    private struct Tally {
        var refused = 0, accepted = 0, multiLine = 0
        mutating func refuse(_ error: CMIRError) {
            refused += 1
            if error.description.contains("\n") { multiLine += 1 }
        }
        var record: [String: Int] { ["tried": refused + accepted, "clean_errors": refused, "accepted": accepted,
                                     "multi_line_errors": multiLine, "crashes": 0] }
    }

    func run() throws {
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let started = Date()
        let models = try fuzzModels()
        let indexes = try fuzzIndexes()
        try JSONLines(path: json).write(["kind": "fuzz", "model": model, "index": index, "seed": seed,
                                         "models": models.record, "indexes": indexes.record,
                                         "seconds": Date().timeIntervalSince(started)])
    }

    private func fuzzModels() throws -> Tally {
        var mutator = try ModelFileMutator(validFile: try Data(contentsOf: URL(fileURLWithPath: model)), seed: seed)
        let path = work + "/fuzzed.cmirmodel"
        let image = TexturedImages.make(seed: 2, width: 32, height: 32, channels: 3)
        var tally = Tally()
        for _ in 0..<count {
            try mutator.next().write(to: URL(fileURLWithPath: path))
            do {
                let loaded = try ModelFile.load(path)
                for name in loaded.modalityNames { _ = try? CoMIRInference(model: loaded).represent(image, modality: name) }
                tally.accepted += 1
            } catch let error as CMIRError { tally.refuse(error) }
        }
        return tally
    }

    private func fuzzIndexes() throws -> Tally {
        var mutator = IndexFileMutator(validFile: try Data(contentsOf: URL(fileURLWithPath: index)), seed: seed)
        let path = work + "/damaged.cmirindex"
        var tally = Tally()
        for _ in 0..<count {
            try mutator.next().write(to: URL(fileURLWithPath: path))
            do {
                let engine = try Engine(indexPath: path)
                _ = try engine.search(SearchRequest(path: query, top: 5, rerank: 5))
                for image in engine.images { _ = try engine.words(ofImage: image.id) }
                tally.accepted += 1
            } catch let error as CMIRError { tally.refuse(error) }
        }
        return tally
    }
}
