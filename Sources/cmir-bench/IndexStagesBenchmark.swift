import ArgumentParser
import CMIRKit
import Foundation
import Synchronization

/// Where indexing time goes, per image: builds the index of a folder as `cmir index` does (timing the whole
/// build, its feature pass, k-means and the storing of each image from the builder's progress reports), then
/// times load, represent, extract and quantize of every image one at a time against the built vocabulary.
struct IndexStagesBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "index-stages",
                                                    abstract: "Time indexing per image and stage (load, represent, extract, quantize, store).")

    @Argument(help: "A folder of images.") var folder: String
    @Option(help: "Where to write the index.") var out: String
    @Option(help: "A CoMIR model: index its representations (with --modality).") var model: String?
    @Option(help: "The modality of the images, with --model.") var modality: String?
    @Option(help: "Feature extractor (default: the representation's).") var features: String?
    @Option(help: "Visual words.") var vocabulary = IndexSettings.defaultVocabularySize
    @Option(help: "Label of the JSON line.") var label = "raw"
    @Option(help: "Append the JSON line to this file (default: stdout).") var json: String?

    func run() throws {
        guard (model == nil) == (modality == nil) else { throw CMIRError.input("give --model and --modality together") }
        let comir = try model.map { try CoMIRRepresentation(modelPath: $0, modality: modality!) }
        let representation: any Representation = comir ?? RawRepresentation()
        let features = features ?? representation.spec.defaultFeatures.rawValue
        try? FileManager.default.removeItem(atPath: out)
        let clock = StageClock()
        let start = ContinuousClock.now
        let report = try Engine.buildIndex(directory: folder, output: out,
                                           settings: IndexSettings(features: features, vocabularySize: vocabulary, seed: 1),
                                           representation: representation, progress: clock)
        let buildSeconds = (ContinuousClock.now - start).milliseconds / 1000

        let engine = try Engine(indexPath: out)
        let extractor = try makeExtractor(named: features)
        var stages: [String: [Double]] = [:]
        func timed<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
            let stageStart = ContinuousClock.now
            let result = try body()
            stages[stage, default: []].append((ContinuousClock.now - stageStart).milliseconds)
            return result
        }
        var featureCounts: [Int] = []
        for image in engine.images {
            let loaded = try timed("load") { try ImageFile.load(image.path).image }
            let represented = try timed("represent") { try representation.represent(loaded) }
            let found = timed("extract") { extractor.extract(from: represented) }
            featureCounts.append(found.count)
            _ = timed("quantize") { engine.vocabulary.quantize(DescriptorMatrix(features: found, columns: extractor.descriptorLength)) }
        }
        stages["store"] = clock.storeIntervals()
        let bytes = (try FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
        try JSONLines(path: json).write([
            "kind": "index-stages", "label": label, "representation": representation.summary, "features": features,
            "images": report.indexed.count, "build_seconds": buildSeconds, "stage_seconds": clock.stageSeconds(),
            "bytes": bytes, "features_per_image": Double(featureCounts.reduce(0, +)) / Double(max(1, featureCounts.count)),
            "stage_ms": stages, "peak_rss_mb": Self.peakResidentMegabytes()])
    }

    /// Peak resident memory of this process so far (VmHWM), in MB.
    static func peakResidentMegabytes() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kilobytes / 1024
    }
}

/// Records when the index builder reports progress: the wall time of each stage, and the intervals between
/// consecutive commits of the indexing pass. The builder computes a chunk of images in parallel and then
/// commits them one by one, reporting after each, so most intervals are one image's store into SQLite.
final class StageClock: ProgressReporter, Sendable {
    private let reports = Mutex<[(stage: String, done: Int, time: ContinuousClock.Instant)]>([])

    func report(stage: String, done: Int, total: Int, detail: String) {
        reports.withLock { $0.append((stage, done, .now)) }
    }

    /// Seconds from the first to the last report of each stage.
    func stageSeconds() -> [String: Double] {
        let events = reports.withLock { $0 }
        var spans: [String: (ContinuousClock.Instant, ContinuousClock.Instant)] = [:]
        for event in events {
            let span = spans[event.stage] ?? (event.time, event.time)
            spans[event.stage] = (span.0, event.time)
        }
        return spans.mapValues { ($0.1 - $0.0).milliseconds / 1000 }
    }

    /// Milliseconds between consecutive commits of the indexing pass, without the interval before the first
    /// commit of each parallel chunk (which holds that chunk's computing): the intervals at or below the median
    /// plus a margin are kept, the rest are chunk boundaries.
    func storeIntervals() -> [Double] {
        let events = reports.withLock { $0 }
        let commits = events.filter { $0.stage == "indexing" && $0.done > 0 }.map(\.time)
        let intervals = zip(commits.dropFirst(), commits).map { ($0 - $1).milliseconds }
        guard let median = intervals.sorted().dropFirst(intervals.count / 2).first else { return [] }
        return intervals.filter { $0 <= 3 * median }
    }
}
