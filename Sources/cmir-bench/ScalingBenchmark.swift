import ArgumentParser
import CMIRKit
import Foundation

/// Query latency and index size against repository size. The repository starts as the real images of a folder
/// and grows with synthetic ones (random crops of the real images, scaled to `side` px, randomly flipped, with
/// random gain and gamma); each size's index is the previous one updated in place (`Engine.buildIndex` keeps the
/// vocabulary trained on the real images and indexes only the new files), so 10,000 images are built once.
/// Queries are the transformed queries of the same modality, searched one at a time against each size.
struct ScalingBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scaling",
                                                    abstract: "Query latency and index size at growing repository sizes (synthetic images).")

    @Option(help: "Folder of the real repository images.") var source: String
    @Option(help: "Folder of queries of the same modality (make-queries output).") var queries: String
    @Option(help: "Working folder (repository and indexes).") var work: String
    @Option(help: "Comma-separated repository sizes, ascending, the first at least the number of real images.")
    var sizes = "31,1000,10000"
    @Option(help: "Side of the synthetic images (px).") var side = 256
    @Option(help: "Seed of the synthesis.") var seed: UInt64 = 7
    @Option(help: "Feature extractor.") var features = RepresentationSpec.raw.defaultFeatures.rawValue
    @Option(help: "Visual words.") var vocabulary = IndexSettings.defaultVocabularySize
    @Option(help: "Re-ranking depth also timed (fast re-ranker); 0 skips it.") var rerank = 30
    @Option(help: "Append the JSON lines to this file (default: stdout).") var json: String?

    func run() throws {
        let output = try JSONLines(path: json)
        let targets = sizes.split(separator: ",").compactMap { Int($0) }
        let real = try ImageDirectory.imagePaths(in: source)
        guard let first = targets.first, first >= real.count, targets == targets.sorted() else {
            throw CMIRError.input("--sizes must be ascending and start at the number of real images (\(real.count)) or more")
        }
        let repository = (work as NSString).appendingPathComponent("repository")
        try? FileManager.default.removeItem(atPath: repository)
        try FileManager.default.createDirectory(atPath: repository, withIntermediateDirectories: true)
        for path in real {
            try FileManager.default.createSymbolicLink(atPath: (repository as NSString).appendingPathComponent((path as NSString).lastPathComponent),
                                                       withDestinationPath: URL(fileURLWithPath: path).standardizedFileURL.path)
        }
        let originals = try real.map { try ImageFile.load($0).image }
        let queryPaths = try ImageDirectory.imagePaths(in: queries)
        var count = real.count
        var previous: String?
        for target in targets {
            let synthesisStart = ContinuousClock.now
            try synthesise(from: originals, indices: (count - real.count)..<(target - real.count), into: repository)
            let synthesisSeconds = (ContinuousClock.now - synthesisStart).milliseconds / 1000
            let added = target - count
            count = target
            let index = (work as NSString).appendingPathComponent("index-\(target).cmirindex")
            try? FileManager.default.removeItem(atPath: index)
            if let previous { try FileManager.default.copyItem(atPath: previous, toPath: index) }
            let buildStart = ContinuousClock.now
            let report = try Engine.buildIndex(directory: repository, output: index,
                                               settings: IndexSettings(features: features, vocabularySize: vocabulary, seed: 1))
            let buildSeconds = (ContinuousClock.now - buildStart).milliseconds / 1000
            previous = index
            let openStart = ContinuousClock.now
            let engine = try Engine(indexPath: index)
            let openMilliseconds = (ContinuousClock.now - openStart).milliseconds
            var times: [String: [Double]] = [:]
            var ranks: [String: Int?] = [:]
            for path in queryPaths {
                let result = try engine.search(SearchRequest(path: path))
                times["query", default: []].append(result.timings.total * 1000)
                times["score and rank", default: []].append(result.timings.firstStage * 1000)
                if rerank > 0 {
                    let reranked = try engine.search(SearchRequest(.features(result.query, name: path), rerank: rerank))
                    times["search with re-ranking", default: []].append((reranked.timings.firstStage + reranked.timings.rerank) * 1000)
                }
                ranks[FileStem.of(path)] = result.trueMatch?.rank
            }
            let metrics = RetrievalMetrics(ranks: ranks)
            let bytes = (try FileManager.default.attributesOfItem(atPath: index)[.size] as? Int) ?? 0
            try output.write(["kind": "scaling", "images": engine.images.count, "added": added, "indexed": report.indexed.count,
                              "vocabulary_built": report.vocabularyBuilt, "synthesis_seconds": synthesisSeconds,
                              "build_seconds": buildSeconds, "open_ms": openMilliseconds, "bytes": bytes, "side": side, "features": features,
                              "ms": times, "acc1": metrics.accuracy(at: 1), "acc10": metrics.accuracy(at: 10),
                              "peak_rss_mb": IndexStagesBenchmark.peakResidentMegabytes()])
        }
    }

    /// Writes synthetic images number `indices` (each from its own seed, so the set does not depend on the order
    /// of the work) on both cores.
    private func synthesise(from originals: [Image], indices: Range<Int>, into folder: String) throws {
        let list = Array(indices)
        let failures = AccuracyBenchmark.map(list.count, parallel: true) { i -> String? in
            var random = SeededRandom(seed: seed &+ UInt64(list[i]) &* 0x9E37_79B9_7F4A_7C15)
            let image = Self.variant(of: originals[random.index(below: originals.count)], side: side, random: &random)
            let path = (folder as NSString).appendingPathComponent(String(format: "synthetic-%05d.png", list[i]))
            do { try ImageFile.save(image, to: path); return nil } catch { return "\(path): \(error)" }
        }
        if let failure = failures.compactMap({ $0 }).first { throw CMIRError.failure(failure) }
    }

    /// A random square crop (a quarter to all of the shorter side), scaled to side x side, flipped with
    /// probability 1/2 each way, intensities mapped by v -> gain * v^gamma.
    static func variant(of image: Image, side: Int, random: inout SeededRandom) -> Image {
        let crop = Int(random.uniform(0.25, 1) * Double(min(image.width, image.height)))
        let x = random.index(below: image.width - crop + 1), y = random.index(below: image.height - crop + 1)
        let scaled = image.cropped(to: PixelRect(x: x, y: y, width: crop, height: crop))!.resized(width: side, height: side)
        let flipX = random.unit() < 0.5, flipY = random.unit() < 0.5
        let gain = Float(random.uniform(0.7, 1.2)), gamma = Float(random.uniform(0.7, 1.4))
        var out = scaled
        scaled.pixels.withUnsafeBufferPointer { source in
            out.pixels.withUnsafeMutableBufferPointer { target in
                let plane = side * side
                for c in 0..<scaled.channels {
                    for row in 0..<side {
                        for column in 0..<side {
                            let v = source[c * plane + (flipY ? side - 1 - row : row) * side + (flipX ? side - 1 - column : column)]
                            target[c * plane + row * side + column] = min(1, gain * pow(max(0, v), gamma))
                        }
                    }
                }
            }
        }
        return out
    }
}
