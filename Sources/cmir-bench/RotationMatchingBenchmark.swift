import ArgumentParser
import CBLAS
import CMIRKit
import Foundation

/// How well each feature extractor survives the evaluation protocol's transforms within one modality:
/// every test image is rotated by a random angle in [-30, 30] degrees and shifted by up to 60 px (border
/// filled with the median border colour), and its features are matched (nearest descriptor) against
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
        let testNames = try Self.testNames(in: data)
        let representation = RawRepresentation()
        let originals = try paths.map { try ImageFile.load($0).image }
        var random = SeededRandom(seed: seed)
        let queries: [(index: Int, transform: CMIRKit.AffineTransform, image: Image)] = try paths.indices.compactMap { index in
            guard testNames.contains(ImageDirectory.stem(of: paths[index])) else { return nil }
            let image = originals[index]
            let transform = CMIRKit.AffineTransform.rotation(
                degrees: Double.random(in: -30...30, using: &random),
                center: (Double(image.width - 1) / 2, Double(image.height - 1) / 2),
                shift: (Double.random(in: -60...60, using: &random), Double.random(in: -60...60, using: &random)))
            let warped = image.warped(by: transform, border: Self.borderMedian(image))
            return (index, transform, try representation.represent(warped))
        }
        let represented = try originals.map { try representation.represent($0) }
        print("\(modality): \(queries.count) queries against \(paths.count) images, seed \(seed), tolerance \(tolerance) px")
        for extractor in chosen {
            let repository = represented.map { extractor.extract(from: $0) }
            let pooled = DescriptorTable(repository.flatMap { $0 }, dimension: extractor.descriptorLength)
            let owner = repository.enumerated().flatMap { image, features in [Int](repeating: image, count: features.count) }
            var correctFractions: [Double] = [], retrievedCorrectly = 0
            for query in queries {
                var features = extractor.extract(from: query.image)
                if features.count > samples { features = Array(features.shuffled(using: &random).prefix(samples)) }
                let table = DescriptorTable(features, dimension: extractor.descriptorLength)
                let own = repository[query.index]
                let nearestOwn = table.nearest(in: DescriptorTable(own, dimension: extractor.descriptorLength))
                let correct = zip(features, nearestOwn).filter { feature, match in
                    let mapped = query.transform.apply(Double(own[match].x), Double(own[match].y))
                    return hypot(mapped.x - Double(feature.x), mapped.y - Double(feature.y)) <= Double(tolerance)
                }.count
                correctFractions.append(features.isEmpty ? 0 : Double(correct) / Double(features.count))
                var votes = [Int](repeating: 0, count: paths.count)
                for match in table.nearest(in: pooled) { votes[owner[match]] += 1 }
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

    /// Names of the `test` split in the data folder's splits.csv.
    static func testNames(in data: String) throws -> Set<String> {
        let path = (data as NSString).appendingPathComponent("splits.csv")
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw CMIRError.input("\(path): cannot be read") }
        return Set(text.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: ",")
            return fields.count == 2 && fields[1].trimmingCharacters(in: .whitespaces) == "test" ? String(fields[0]) : nil
        })
    }

    /// Per channel, the median of the image's border pixels (the protocol's fill colour).
    static func borderMedian(_ image: Image) -> [Float] {
        (0..<image.channels).map { c in
            var values: [Float] = []
            for x in 0..<image.width { values += [image[x, 0, c], image[x, image.height - 1, c]] }
            for y in 0..<image.height { values += [image[0, y, c], image[image.width - 1, y, c]] }
            return values.sorted()[values.count / 2]
        }
    }
}

/// Descriptors as a row-major matrix, for nearest-neighbour search as matrix products.
private struct DescriptorTable {
    let rows: Int
    let dimension: Int
    let values: [Float]

    init(_ features: [Feature], dimension: Int) {
        rows = features.count
        self.dimension = dimension
        values = features.flatMap(\.descriptor)
    }

    /// For each row, the index of the row of `database` with the largest dot product, i.e. the nearest
    /// unit descriptor; the database is scanned in blocks so that the score matrix stays small.
    func nearest(in database: DescriptorTable) -> [Int] {
        guard rows > 0, database.rows > 0 else { return [Int](repeating: 0, count: rows) }
        let block = 8192
        var best = [Float](repeating: -.infinity, count: rows), bestIndex = [Int](repeating: 0, count: rows)
        var scores = [Float](repeating: 0, count: rows * block)
        for start in stride(from: 0, to: database.rows, by: block) {
            let count = min(block, database.rows - start)
            database.values.withUnsafeBufferPointer { d in
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(count), Int32(dimension), 1,
                            values, Int32(dimension), d.baseAddress! + start * dimension, Int32(dimension),
                            0, &scores, Int32(count))
            }
            for row in 0..<rows {
                for column in 0..<count where scores[row * count + column] > best[row] {
                    best[row] = scores[row * count + column]
                    bestIndex[row] = start + column
                }
            }
        }
        return bestIndex
    }
}
