import Foundation

/// The re-ranker of the paper (Stage III), done as it describes: the top candidates are cut into the fewest
/// equidistant query-sized patches that cover them (for a full-size query, the candidates themselves), a new
/// vocabulary and tf-idf index are built on just those patches with the index's own settings, the query is
/// ranked against the patches, and the patch ranking maps back to images by first occurrence.
/// It re-extracts and re-clusters for every query, so it is slow; it is kept as the reference to beat.
public struct PaperReranker: Reranker {
    /// How repository images are represented (the index's own representation).
    public let repositoryRepresentation: any Representation

    public init(repositoryRepresentation: any Representation) {
        self.repositoryRepresentation = repositoryRepresentation
    }

    public func rerank(query: QueryFeatures, candidates: [Match], context: RerankContext) throws -> [Match] {
        guard !candidates.isEmpty else { return [] }
        let footprint = query.footprint
        let patchSize = query.region == nil ? nil : (width: Int(footprint.width.rounded()), height: Int(footprint.height.rounded()))
        let extracted = ParallelMap.results(candidates.count) { i -> [Patch] in
            let image = try repositoryRepresentation.represent(try ImageFile.load(candidates[i].path).image)
            let rects = patchSize.map { Self.coveringPatches(width: image.width, height: image.height, patch: $0) }
                ?? [PixelRect(x: 0, y: 0, width: image.width, height: image.height)]
            return rects.compactMap { rect in
                image.cropped(to: rect).map { Patch(candidate: i, rect: rect, features: context.extractor.extract(from: $0)) }
            }
        }
        let patches = try extracted.flatMap { try $0.get() }.filter { !$0.features.isEmpty }
        guard !patches.isEmpty else { return candidates }
        let descriptors = DescriptorMatrix(features: patches.flatMap(\.features), columns: context.extractor.descriptorLength)
        let vocabulary = Vocabulary.train(descriptors, size: context.settings.vocabularySize, seed: context.settings.seed)
        let words = vocabulary.quantize(descriptors)
        var histograms: [WordHistogram] = []
        var start = 0
        for patch in patches {
            histograms.append(WordHistogram(words: Array(words[start..<(start + patch.features.count)])))
            start += patch.features.count
        }
        let scores = InvertedFile(histograms: histograms, vocabularySize: vocabulary.size)
            .scores(for: WordHistogram(words: vocabulary.quantize(query.descriptors)))
        let order = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        var reranked: [Match] = []
        var placed = Set<Int>()
        for p in order where placed.insert(patches[p].candidate).inserted {
            var match = candidates[patches[p].candidate]
            let rect = patches[p].rect
            match.score = Double(scores[p])
            match.region = MatchRegion(x: Double(rect.x), y: Double(rect.y), width: Double(rect.width),
                                       height: Double(rect.height), angle: 0)
            reranked.append(match)
        }
        // Candidates without a single feature in any patch keep their order at the end.
        reranked += candidates.indices.filter { !placed.contains($0) }.map { candidates[$0] }
        return reranked
    }

    /// One query-sized piece of a candidate and its features.
    private struct Patch: Sendable {
        let candidate: Int
        let rect: PixelRect
        let features: [Feature]
    }

    /// The fewest equidistant patch positions that cover a width x height image; the first patch touches
    /// the top-left corner and the last the bottom-right. Patches larger than the image are clipped to it.
    public static func coveringPatches(width: Int, height: Int, patch: (width: Int, height: Int)) -> [PixelRect] {
        func starts(_ length: Int, _ size: Int) -> [Int] {
            guard size < length else { return [0] }
            let count = (length + size - 1) / size
            return (0..<count).map { Int((Double($0) * Double(length - size) / Double(count - 1)).rounded()) }
        }
        let w = min(patch.width, width), h = min(patch.height, height)
        return starts(height, h).flatMap { y in starts(width, w).map { x in PixelRect(x: x, y: y, width: w, height: h) } }
    }
}
