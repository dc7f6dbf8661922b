@testable import CMIRKit
@testable import CMIRTerminal
import CMIRTestSupport
import Foundation
import Testing

/// The slide read through a match's frame: a core the generator placed turned on a slide comes back upright, lined
/// up with its source, at the size asked for.
@Suite struct UprightSlideTests {
    @Test func aTurnedCoreComesBackUprightBesideItsSource() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cores = SlideFixtures.cores(count: 5)
        let layouts = try VirtualSlideGenerator(planner: VirtualSlidePlanner(seed: 3))
            .writeSlides(cores: cores, queries: ["core0", "core1"], to: folder.path)
        let layout = try #require(layouts.first)
        // The most turned core: without turning it back, it would not line up.
        let placement = try #require(layout.placements.filter { !$0.isDecoy }.max { abs($0.angleDegrees) < abs($1.angleDegrees) })
        #expect(abs(placement.angleDegrees) > 10, "the seed turns some core: \(placement.angleDegrees)°")
        let source = cores[placement.core].image
        let searched = PixelRect(x: 0, y: 0, width: source.width, height: source.height)
        func upright(angle: Double) throws -> Image {
            let side = Double(source.width)
            let region = MatchRegion(x: placement.centreX - side / 2, y: placement.centreY - side / 2, width: side, height: side, angle: angle)
            let frame = MatchFrame(searched: searched, region: region)
            // The shown part (a quarter of context each side) at 1.5 picture pixels per query pixel.
            return try SlideTiles().upright(path: folder.appendingPathComponent("\(layout.name).svs").path, frame: frame,
                                            shown: frame.shown, pixelWidth: 288, pixelHeight: 288)
        }
        // The source as the query panel shows it: the same shown part (32 px around the 128 px core), enlarged alike.
        let enlarged = source.framed(to: PixelRect(x: -32, y: -32, width: 192, height: 192)).resized(width: 288, height: 288)
        func agreement(_ picture: Image) -> Double {
            #expect(picture.width == 288 && picture.height == 288)
            return SlideFixtures.correlation(SlideFixtures.disc(picture, cx: 143.5, cy: 143.5, radius: 84),
                                             SlideFixtures.disc(enlarged, cx: 143.5, cy: 143.5, radius: 84))
        }
        let turned = agreement(try upright(angle: placement.angleDegrees))
        #expect(turned > 0.85, "upright at the match's angle: \(turned)")
        let unturned = agreement(try upright(angle: 0))
        #expect(unturned < turned - 0.2, "left as it lies on the slide: \(unturned) against \(turned)")
    }
}
