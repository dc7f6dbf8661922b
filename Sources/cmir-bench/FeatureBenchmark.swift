import ArgumentParser
import CMIRKit
import Foundation

/// Time per image of every feature extractor on the raw representation of a folder's images, and how many
/// features each yields: the figures behind "dense SURF under 50 ms for a 512 x 512 image".
struct FeatureBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "features",
                                                    abstract: "Time feature extraction per image (p50, p95) and count features.")

    @Argument(help: "A folder of images.")
    var folder: String

    @Option(help: "Comma-separated extractor names (default: all).")
    var extractors: String = FeatureExtractorKind.allCases.map(\.rawValue).joined(separator: ",")

    @Option(help: "Timed runs per image and extractor.")
    var repeats: Int = 3

    func run() throws {
        let chosen = try extractors.split(separator: ",").map { try makeExtractor(named: String($0)) }
        let representation = RawRepresentation()
        let images = try ImageDirectory.imagePaths(in: folder).map { try representation.represent(ImageFile.load($0).image) }
        guard !images.isEmpty else { throw CMIRError.input("\(folder): no images") }
        for extractor in chosen {
            var times: [Double] = [], featureCount = 0
            for image in images {
                featureCount += extractor.extract(from: image).count  // also warms caches
                for _ in 0..<max(1, repeats) {
                    let start = ContinuousClock.now
                    _ = extractor.extract(from: image)
                    times.append((ContinuousClock.now - start).milliseconds)
                }
            }
            let mean = Double(featureCount) / Double(images.count)
            print(TimingSummary(label: extractor.name, milliseconds: times).line + String(format: " features/image=%.0f", mean))
        }
    }
}
