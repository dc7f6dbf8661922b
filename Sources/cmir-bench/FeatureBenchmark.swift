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

    /// User plus system CPU time of this process so far, all threads.
    static func processCPUMilliseconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func ms(_ t: timeval) -> Double { Double(t.tv_sec) * 1000 + Double(t.tv_usec) / 1000 }
        return ms(usage.ru_utime) + ms(usage.ru_stime)
    }

    func run() throws {
        let chosen = try extractors.split(separator: ",").map { try makeExtractor(named: String($0)) }
        let representation = RawRepresentation()
        let images = try ImageDirectory.imagePaths(in: folder).map { try representation.represent(ImageFile.load($0).image) }
        guard !images.isEmpty else { throw CMIRError.input("\(folder): no images") }
        for extractor in chosen {
            var times: [Double] = [], featureCount = 0
            let cpuStart = Self.processCPUMilliseconds()
            for image in images {
                featureCount += extractor.extract(from: image).count  // also warms caches
                for _ in 0..<max(1, repeats) {
                    let start = ContinuousClock.now
                    _ = extractor.extract(from: image)
                    times.append((ContinuousClock.now - start).milliseconds)
                }
            }
            // CPU time over both cores per extraction: stable when other work shares the machine.
            let cpu = (Self.processCPUMilliseconds() - cpuStart) / Double(images.count * (max(1, repeats) + 1))
            let mean = Double(featureCount) / Double(images.count)
            print(TimingSummary(label: extractor.name, milliseconds: times).line
                  + String(format: " cpu=%.1f ms/image features/image=%.0f", cpu, mean))
        }
    }
}
