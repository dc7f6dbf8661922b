import CMIRTestSupport
import Foundation
import Testing
@testable import CMIRKit

/// The dense stage end to end on a virtual slide: the index keeps each cell's representation map, and a patch of a
/// core is placed where, and turned as, the generator put the core; the re-ranker's verified region agrees.
@Suite struct DenseStageTests {
    @Test func aPatchOfACoreIsPlacedWhereAndAsTurnedAsTheCoreLiesOnTheSlide() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let slides = folder.appendingPathComponent("slides").path, index = folder.appendingPathComponent("x.cmirindex").path
        let cores = SlideFixtures.cores(count: 5, side: 400)
        let layouts = try VirtualSlideGenerator(planner: VirtualSlidePlanner(seed: 3), micronsPerPixel: 0.5)
            .writeSlides(cores: cores, queries: ["core0"], to: slides)
        _ = try Engine.buildIndex(directory: slides, output: index, settings: IndexSettings(features: "sift", vocabularySize: 200, seed: 1))
        let engine = try Engine(indexPath: index)
        let maps = try engine.storedMaps.value()
        #expect(maps.allSatisfy { $0 != nil }, "every cell of tissue keeps its map")

        let (layout, placement) = try #require(layouts.lazy
            .compactMap { l in l.placements.first { $0.name == "core0" }.map { (l, $0) } }.first)
        let patch = try #require(cores[0].image.cropped(to: PixelRect(x: 120, y: 120, width: 160, height: 160)))
        let spot = try #require(try engine.denseSpots(try engine.analyze(image: patch), count: 3).first)
        #expect(engine.images[spot.file].stem == layout.name)
        #expect(hypot(spot.x - placement.centreX, spot.y - placement.centreY) < 8)
        let turn = (spot.angle - placement.angleDegrees).truncatingRemainder(dividingBy: 360)
        #expect(min(abs(turn), 360 - abs(turn)) <= DenseTemplates.angleStep / 2)

        let best = try #require(try engine.search(SearchRequest(image: patch, name: "core0", top: 1, rerank: 30)).matches.first)
        let region = try #require(best.verifiedRegion)
        let apart = abs(region.angle - spot.angle).truncatingRemainder(dividingBy: 360)
        #expect(min(apart, 360 - apart) <= DenseTemplates.angleStep / 2)
    }
}
