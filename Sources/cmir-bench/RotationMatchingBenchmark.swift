import ArgumentParser
import CMIRKit
import Foundation

/// How well each feature extractor survives the evaluation protocol's transforms within one modality:
/// every test image is rotated by a random angle in [-30, 30] degrees and shifted by up to 60 px (border
/// filled with the median border colour; the same queries as `cmir make-queries --names splits.csv --seed S`),
/// and its features are matched (nearest descriptor) against
///  (a) the untransformed image's features: the fraction that land within `tolerance` px of where the
///      transform puts them ("correct correspondences"), and
///  (b) the features of all repository images pooled: the image most nearest neighbours fall in is the
///      retrieved one (a vocabulary-free proxy for Acc@1).
/// Upright grids are expected to fail under rotation; this measures by how much.
struct RotationMatchingBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotation-matching",
        abstract: "Within-modality matching of rotated and shifted images, per feature extractor.")

    @Argument(help: "The bf-shg data folder (with splits.csv and one subfolder per modality).")
    var data: String

    @Option(help: "Modality subfolder: the repository and the source of the queries.")
    var modality: String = "shg"

    @Option(help: "Comma-separated extractor names (default: all).")
    var extractors: String = FeatureExtractorKind.allCases.map(\.rawValue).joined(separator: ",")

    @Option(help: "Seed of the transforms and of the query feature sample.")
    var seed: UInt64 = 2

    @Option(help: "Query features sampled per image (all when fewer).")
    var samples: Int = 1000

    @Option(help: "A match is correct within this many pixels of the transformed position.")
    var tolerance: Float = 8

    @Option(help: "Fast-Hessian threshold of the detected SURF extractors.")
    var surfThreshold: Float = FastHessianDetector.defaultThreshold

    func run() throws {
        let chosen = try extractors.split(separator: ",").map { name -> any FeatureExtractor in
            let detector = FastHessianDetector(threshold: surfThreshold)
            switch FeatureExtractorKind(rawValue: String(name)) {
            case .surf: return SURFExtractor(detector: detector)
            case .surfUpright: return SURFExtractor(upright: true, detector: detector)
            default: return try makeExtractor(named: String(name))
            }
        }
        let folder = (data as NSString).appendingPathComponent(modality)
        let paths = try ImageDirectory.imagePaths(in: folder)
        let stems = paths.map(FileStem.of)
        let names = try QueryNameList.load((data as NSString).appendingPathComponent("splits.csv"))
        let representation = RawRepresentation()
        let originals = try paths.map { try ImageFile.load($0).image }
        // The protocol's queries, exactly as `cmir make-queries --names splits.csv --seed S` draws them.
        let generator = QueryGenerator(seed: seed)
        let queries: [(index: Int, transform: CMIRKit.AffineTransform, image: Image)] = try generator.transforms(for: names).map { transform in
            guard let index = stems.firstIndex(of: transform.name) else { throw CMIRError.input("\(folder): no image named '\(transform.name)'") }
            let image = originals[index]
            return (index, transform.canvasTransform(width: image.width, height: image.height),
                    try representation.represent(generator.render(image, with: transform)))
        }
        var random = SeededRandom(seed: seed)
        let represented = try originals.map { try representation.represent($0) }
        print("\(modality): \(queries.count) queries against \(paths.count) images, seed \(seed), tolerance \(tolerance) px")
        for extractor in chosen {
            let repository = represented.map { extractor.extract(from: $0) }
            // Nearest neighbours by the engine's exact sgemm search, one repository image at a time.
            let searches = repository.map { Vocabulary(centroids: DescriptorMatrix(features: $0, columns: extractor.descriptorLength)) }
            var correctFractions: [Double] = [], retrievedCorrectly = 0
            for query in queries {
                var features = extractor.extract(from: query.image)
                if features.count > samples { features = Array(features.shuffled(using: &random).prefix(samples)) }
                guard !features.isEmpty else { correctFractions.append(0); continue }
                let matrix = DescriptorMatrix(features: features, columns: extractor.descriptorLength)
                var bestImage = [Int](repeating: -1, count: features.count)
                var bestSimilarity = [Float](repeating: -.infinity, count: features.count)
                for (image, search) in searches.enumerated() where !repository[image].isEmpty {
                    let nearest = search.quantize(matrix)
                    if image == query.index {
                        let own = repository[image]
                        let correct = zip(features, nearest).filter { feature, match in
                            let mapped = query.transform.apply(Double(own[Int(match)].x), Double(own[Int(match)].y))
                            return hypot(mapped.x - Double(feature.x), mapped.y - Double(feature.y)) <= Double(tolerance)
                        }.count
                        correctFractions.append(Double(correct) / Double(features.count))
                    }
                    for (row, match) in nearest.enumerated() {
                        // Unit descriptors: the largest dot product is the nearest.
                        let similarity = zip(features[row].descriptor, repository[image][Int(match)].descriptor).reduce(0) { $0 + $1.0 * $1.1 }
                        if similarity > bestSimilarity[row] { bestSimilarity[row] = similarity; bestImage[row] = image }
                    }
                }
                var votes = [Int](repeating: 0, count: paths.count)
                for image in bestImage where image >= 0 { votes[image] += 1 }
                if votes.indices.max(by: { votes[$0] < votes[$1] || (votes[$0] == votes[$1] && $0 > $1) }) == query.index {
                    retrievedCorrectly += 1
                }
            }
            let meanCorrect = correctFractions.reduce(0, +) / Double(max(1, correctFractions.count))
            print(String(format: "%@: correct correspondences %.1f %% (mean over queries), NN-vote Acc@1 %.0f %% (%d/%d)",
                         extractor.name, 100 * meanCorrect, 100 * Double(retrievedCorrectly) / Double(max(1, queries.count)),
                         retrievedCorrectly, queries.count))
        }
    }

}
