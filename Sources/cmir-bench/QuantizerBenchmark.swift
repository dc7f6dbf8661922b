import ArgumentParser
import CMIRKit
import Foundation

/// Nearest-word quantization, the hot path of indexing and querying: the engine's blocked sgemm search
/// against a kd-tree (exact, and best-bin-first with a few leaf budgets), on real descriptors of a folder
/// and a vocabulary trained on them. Prints time per image (the descriptors of one image) and agreement
/// with the exact answer.
struct QuantizerBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "quantize", abstract: "Compare nearest-word searches.")

    @Argument(help: "A folder of images.")
    var folder: String

    @Option(help: "Feature extractor.")
    var features = RepresentationSpec.raw.defaultFeatures.rawValue

    @Option(help: "Vocabulary size.")
    var vocabulary = IndexSettings.defaultVocabularySize

    @Option(help: "Images whose descriptors are quantized (timed).")
    var images = 5

    func run() throws {
        let extractor = try makeExtractor(named: features)
        let paths = try ImageDirectory.imagePaths(in: folder)
        let representation = RawRepresentation()
        let perImage = try paths.map { path in
            DescriptorMatrix(features: extractor.extract(from: try representation.represent(try ImageFile.load(path).image)),
                             columns: extractor.descriptorLength)
        }
        let all = DescriptorMatrix(rows: perImage.reduce(0) { $0 + $1.rows }, columns: extractor.descriptorLength,
                                   values: perImage.flatMap(\.values))
        let trainStart = ContinuousClock.now
        let words = Vocabulary.train(all, size: vocabulary, seed: 1)
        print(String(format: "k-means: %d descriptors, %d words, %.0f ms", all.rows, words.size,
                     (ContinuousClock.now - trainStart).milliseconds))
        let timed = Array(perImage.prefix(images))
        print("descriptors per timed image: \(timed.map { String($0.rows) }.joined(separator: " "))")

        let exact = timed.map(words.quantize)
        report("sgemm (exact)", timed, exact) { words.quantize($0) }
        let tree = KDTreeQuantizer(centroids: words.centroids)
        report("kd-tree exact", timed, exact) { tree.quantize($0) }
        for leaves in [8, 32, 128] {
            report("kd-tree bbf \(leaves) leaves", timed, exact) { tree.quantize($0, maximumLeaves: leaves) }
        }
    }

    private func report(_ label: String, _ inputs: [DescriptorMatrix], _ exact: [[UInt32]],
                        _ quantize: (DescriptorMatrix) -> [UInt32]) {
        var times: [Double] = []
        var agree = 0, total = 0
        for (input, truth) in zip(inputs, exact) {
            let start = ContinuousClock.now
            let answer = quantize(input)
            times.append((ContinuousClock.now - start).milliseconds)
            agree += zip(answer, truth).filter { $0 == $1 }.count
            total += truth.count
        }
        print(TimingSummary(label: label, milliseconds: times).line
              + String(format: " exact=%.1f%%", 100 * Double(agree) / Double(max(total, 1))))
    }
}
