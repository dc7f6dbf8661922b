import ArgumentParser
import CMIRKit
import Foundation

/// Time to load every image of a folder, per image (p50 and p95).
struct ImageIOBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "image-io", abstract: "Time image loading.")

    @Argument(help: "A folder of images.")
    var folder: String

    func run() throws {
        var times: [Double] = []
        for path in try ImageDirectory.imagePaths(in: folder) {
            let start = ContinuousClock.now
            _ = try ImageFile.load(path)
            times.append((ContinuousClock.now - start).milliseconds)
        }
        print(TimingSummary(label: "load", milliseconds: times).line)
    }
}
