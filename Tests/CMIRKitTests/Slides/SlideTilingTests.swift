import CMIRTestSupport
import Foundation
import Testing
@testable import CMIRKit

/// Tiled extraction: a tile limit below the slide's tiles of tissue reads an evenly spread sample and says so; a
/// limit at or above it reads the slide whole, exactly as without a limit (the vocabulary pass keeps such
/// extractions for the indexing pass); the margin read around each box; how files are grouped for parallel work.
@Suite struct SlideTilingTests {
    @Test func aLimitBelowTheTilesSamplesAndOneAboveReadsTheSlideWhole() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let generator = VirtualSlideGenerator(planner: VirtualSlidePlanner(seed: 3), micronsPerPixel: 0.5)
        _ = try generator.writeSlides(cores: SlideFixtures.cores(count: 5, side: 700), queries: ["core0"], to: folder.path)
        let slide = try Slide(path: folder.appendingPathComponent("tma-1.svs").path)
        let tiling = SlideTiling(representation: RawRepresentation(), extractor: SIFTExtractor())
        func extract(tileLimit: Int?) throws -> (features: [Feature], sampled: Bool) {
            let read = try tiling.extract(slide, micronsPerPixel: nil, queryMicronsPerPixel: nil, tileLimit: tileLimit) { $0 }
            return (read.parts.flatMap { $0 }, read.sampled)
        }
        let whole = try extract(tileLimit: nil)
        #expect(!whole.sampled && !whole.features.isEmpty)

        let sample = try extract(tileLimit: 1)
        #expect(sample.sampled, "the slide (\(slide.width) x \(slide.height)) should span several tiles")
        #expect(!sample.features.isEmpty && sample.features.count < whole.features.count)

        let limited = try extract(tileLimit: 1_000)
        #expect(!limited.sampled)
        #expect(limited.features == whole.features)
    }

    /// A representation that looks `contextRadius` pixels around each pixel (its values do not matter here).
    private struct WideContext: Representation {
        let contextRadius: Int
        var spec: RepresentationSpec { .raw }
        func represent(_ image: Image, edges: ImageEdges) throws -> Image { image.grayscale() }
    }

    /// What is read around a box covers the network's receptive margin and at least half the features' margin (so
    /// the mirrored rest reflects read glass, not the box), never more than the features' margin.
    @Test func theReadMarginCoversTheNetworkAndHalfTheFeaturesMargin() {
        func read(_ radius: Int) -> Int { SlideTiling(representation: WideContext(contextRadius: radius), extractor: SIFTExtractor()).readMargin }
        #expect(SlideTiling(representation: RawRepresentation(), extractor: SIFTExtractor()).readMargin == SlideTiling.margin / 2)
        #expect(read(64) == 64 && read(SlideTiling.margin / 2 + 1) == SlideTiling.margin / 2 + 1)
        #expect(read(500) == SlideTiling.margin)
    }

    /// Images go side by side in runs of at most `chunkSize`, each slide alone (its boxes run in parallel), every
    /// file once and in order.
    @Test func slidesAreIndexedOneAtATimeAndImagesSideBySide() {
        let n = IndexBuilder.chunkSize
        let images = (0..<(n + 3)).map { "image-\($0).png" }
        let paths = ["a.svs"] + images.prefix(n + 1) + ["b.ndpi", "c.mrxs"] + images.suffix(2)
        let runs = IndexBuilder.chunks(slides: paths.map(Slide.isSlide))
        #expect(runs == [0..<1, 1..<(1 + n), (1 + n)..<(n + 2), (n + 2)..<(n + 3), (n + 3)..<(n + 4), (n + 4)..<(n + 6)])
        #expect(IndexBuilder.chunks(slides: images.map(Slide.isSlide)) == [0..<n, n..<(n + 3)])
        #expect(IndexBuilder.chunks(slides: []).isEmpty)
    }

    @Test func foldersOfManySlidesReadFewerTilesOfEachForTheVocabulary() {
        #expect(IndexBuilder.vocabularyTiles(slides: 0) == 32)
        #expect(IndexBuilder.vocabularyTiles(slides: 1) == 32)
        #expect(IndexBuilder.vocabularyTiles(slides: 10) == 25)
        #expect(IndexBuilder.vocabularyTiles(slides: 100) == 4)
        #expect(IndexBuilder.vocabularyTiles(slides: 10_000) == 4)
    }
}
