import ArgumentParser
import CMIRKit
import Foundation

/// Time of one query in-process (load the image, represent, extract, quantize, score), per query image of a
/// folder, against an open index; the index is opened once, as the UI does.
struct QueryLatencyBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "query-latency", abstract: "Time full queries.")

    @Argument(help: "The index file.")
    var index: String

    @Argument(help: "A folder of query images.")
    var queries: String

    @Option(help: "Passes over the folder (the first warms caches).")
    var passes = 2

    func run() throws {
        let engine = try Engine(indexPath: index)
        let paths = try ImageDirectory.imagePaths(in: queries)
        var times: [Double] = []
        for pass in 0..<passes {
            for path in paths {
                let start = ContinuousClock.now
                let image = try ImageFile.load(path).image
                _ = try engine.search(image: image, top: 10)
                if pass > 0 || passes == 1 { times.append((ContinuousClock.now - start).milliseconds) }
            }
        }
        print(TimingSummary(label: "query", milliseconds: times).line)
    }
}
