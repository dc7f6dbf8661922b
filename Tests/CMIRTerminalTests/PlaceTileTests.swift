import CMIRKit
@testable import CMIRTerminal
import Foundation
import Testing

/// Result tiles of places on slides: the part read about the matched region, its outline at its angle, and the
/// slide's overview inset in the corner with the part marked.
@Suite struct PlaceTileTests {
    /// A 10,000 x 8,000 slide; a 400 x 200 region at (1000, 1000) turned 30 degrees, in a place around it.
    static let slide = (width: 10_000, height: 8_000)
    static func match(region: MatchRegion? = MatchRegion(x: 1_000, y: 1_000, width: 400, height: 200, angle: 30),
                      verified: Bool = true) -> Match {
        Match(rank: 1, name: "tma-1.svs", path: "/slides/tma-1.svs", score: 12, region: region, verified: verified, imageID: 1,
              place: PixelRect(x: 800, y: 800, width: 800, height: 800))
    }

    @Test func aTurnedRegionHasItsCornersAndBounds() {
        // 40 x 20 about (70, 60), turned 90 degrees counter-clockwise as displayed: upright 20 x 40.
        let region = MatchRegion(x: 50, y: 50, width: 40, height: 20, angle: 90)
        let corners = region.corners
        #expect(abs(corners[0].x - 60) < 1e-9 && abs(corners[0].y - 80) < 1e-9, "the unturned top-left goes to the bottom left")
        let bounds = region.bounds
        #expect(abs(bounds.x - 60) < 1e-9 && abs(bounds.y - 40) < 1e-9 && abs(bounds.width - 20) < 1e-9 && abs(bounds.height - 40) < 1e-9)
    }

    @Test func aTileIsASquareAboutTheMatchedRegionKeptInsideTheSlide() throws {
        // The turned region's bounding box is 446.4 x 373.2 about (1200, 1100): a square of 1.5 x 446.4 = 670.
        let view = try #require(PlaceTile.view(of: Self.match(), slide: Self.slide))
        #expect(view.region == PixelRect(x: 865, y: 765, width: 670, height: 670))
        #expect(view.level == nil, "read at the level that fills the tile")
        #expect(view.inset == SlideInset(slideWidth: 10_000, slideHeight: 8_000, mark: view.region), "the part shown marked on the slide")

        // By the slide's corner: moved inside, the same size.
        let corner = Self.match(region: MatchRegion(x: 9_800, y: -20, width: 200, height: 200, angle: 0))
        #expect(PlaceTile.view(of: corner, slide: Self.slide)?.region == PixelRect(x: 9_700, y: 0, width: 300, height: 300))
        // Larger than a small slide: all of it on that axis.
        #expect(PlaceTile.view(of: Self.match(), slide: (width: 600, height: 8_000))?.region == PixelRect(x: 0, y: 765, width: 600, height: 670))

        // Not placed by re-ranking: the place; the slide's size unknown: no inset.
        #expect(PlaceTile.view(of: Self.match(region: nil), slide: Self.slide)?.region == PixelRect(x: 800, y: 800, width: 800, height: 800))
        #expect(PlaceTile.view(of: Self.match(), slide: nil) == SlideView(region: PixelRect(x: 800, y: 800, width: 800, height: 800)))
        // An ordinary image is no place.
        #expect(PlaceTile.view(of: Match(rank: 1, name: "a.png", path: "/a.png", score: 1, imageID: 2), slide: Self.slide) == nil)
    }

    @Test func theOutlineIsTheRegionAtItsAngleGreenWhenVerifiedYellowWhenNot() throws {
        let request = ResultsView.thumbnail(Self.match(), isTrueMatch: false, layer: .picture, slide: Self.slide)
        #expect(request.overlays == [.outline(centreX: 1_200, centreY: 1_100, width: 400, height: 200, angle: 30, colour: .trueMatch)])
        let unverified = ResultsView.thumbnail(Self.match(verified: false), isTrueMatch: false, layer: .picture, slide: Self.slide)
        #expect(unverified.overlays == [.outline(centreX: 1_200, centreY: 1_100, width: 400, height: 200, angle: 30, colour: .highlight)],
                "drawn on slides, where the viewer shows it too")

        // Drawn into a 335 px tile of the 670 px square from (865, 765): half size. The middle of each turned side is
        // on the outline, the region's centre and the unturned rectangle's corner are not.
        let renderer = ImageRenderer(mode: .sixel, cell: (10, 20)) { _, _, _ in Image(width: 1, height: 1, channels: 1, filledWith: 0.5) }
        var raster = RGB8(Image(width: 335, height: 335, channels: 1, filledWith: 0.5), width: 335, height: 335)
        renderer.draw(request.overlays, on: &raster, view: try #require(request.slide).region)
        let corners = Self.match().region!.corners.map { (x: ($0.x - 865) / 2, y: ($0.y - 765) / 2) }
        for i in 0..<4 {
            let a = corners[i], b = corners[(i + 1) % 4]
            #expect(Self.colour(raster, (a.x + b.x) / 2, (a.y + b.y) / 2) == OverlayColour.trueMatch, "side \(i)")
        }
        #expect(Self.colour(raster, (1_200 - 865) / 2, (1_100 - 765) / 2) != OverlayColour.trueMatch)
        #expect(Self.colour(raster, (1_000 - 865) / 2 + 3, (1_000 - 765) / 2 + 3) != OverlayColour.trueMatch)
    }

    @Test func theInsetSitsInTheBottomRightCornerWithThePlaceMarked() throws {
        let inset = SlideInset(slideWidth: 10_000, slideHeight: 8_000, mark: PixelRect(x: 865, y: 765, width: 670, height: 670))
        // A 170 x 168 tile: the slide fits 0.4 of its width at 0.0068 px per level-0 px, 68 x 54, 3 px off the edges.
        let layout = try #require(inset.layout(width: 170, height: 168, margin: 3))
        #expect(layout.frame == PixelRect(x: 99, y: 111, width: 68, height: 54))
        // The 670 px part is 4.6 px there, centred on (107.2, 118.5).
        #expect(layout.mark == PixelRect(x: 105, y: 116, width: 5, height: 5))

        // A small place in the slide's far corner: at least 3 px, inside the inset.
        let corner = SlideInset(slideWidth: 10_000, slideHeight: 8_000, mark: PixelRect(x: 9_990, y: 7_990, width: 10, height: 10))
        #expect(corner.layout(width: 170, height: 168, margin: 3)?.mark == PixelRect(x: 164, y: 162, width: 3, height: 3))
        // A tall slide takes the height's share.
        let tall = SlideInset(slideWidth: 2_000, slideHeight: 8_000, mark: PixelRect(x: 0, y: 0, width: 2_000, height: 8_000))
        #expect(tall.layout(width: 170, height: 170, margin: 0)?.frame == PixelRect(x: 153, y: 102, width: 17, height: 68))
        #expect(inset.layout(width: 16, height: 16, margin: 1) == nil, "too small to show anything")
    }

    @Test func theRendererPastesTheOverviewFramedAndMarked() throws {
        // The tile reads mid gray, the whole slide (the inset's read) blue: the sixel shows both where the layout says.
        let renderer = ImageRenderer(mode: .sixel, cell: (10, 20), loader: { _, _, _ in Image(width: 1, height: 1, channels: 1) },
                                     slideLoader: { _, view, layer, _, _, _ in
            #expect(layer == .picture)
            let whole = view.region == PixelRect(x: 0, y: 0, width: 10_000, height: 8_000)
            var image = Image(width: 64, height: 64, channels: 3, filledWith: whole ? 0 : 0.5)
            if whole { for i in (2 * 64 * 64)..<(3 * 64 * 64) { image.pixels[i] = 1 } }
            return image
        })
        let view = try #require(PlaceTile.view(of: Self.match(), slide: Self.slide))
        let rendered = try #require(try renderer.render(ImageRequest(path: "/slides/tma-1.svs", role: .repository, slide: view),
                                                        columns: 17, rows: 9))
        guard case .sixel(let bytes) = rendered.payload else { Issue.record("a sixel image"); return }
        let raster = try SixelDecoder.decode(bytes)
        #expect(raster.width == 170 && raster.height == 168)
        let layout = try #require(view.inset?.layout(width: 170, height: 168, margin: renderer.borderWidth(raster)))
        let frame = layout.frame, mark = layout.mark
        // A sixel palette moves colours a little (20 gray comes back as 15, 255 as 247): within 10 levels.
        func expectShown(_ x: Int, _ y: Int, _ colour: OverlayColour, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
            let got = Self.colour(raster, Double(x), Double(y))
            let near = [(got.red, colour.red), (got.green, colour.green), (got.blue, colour.blue)].allSatisfy { abs(Int($0) - Int($1)) <= 10 }
            #expect(near, "\(what) at \(x),\(y): \(got)", sourceLocation: sourceLocation)
        }
        expectShown(frame.x + frame.width / 2, frame.y, .insetFrame, "the frame's top edge")
        expectShown(frame.x, frame.y + frame.height / 2, .insetFrame, "the frame's left edge")
        expectShown(frame.x + 3, frame.y + frame.height - 4, OverlayColour(0, 0, 255), "the overview inside")
        expectShown(mark.x, mark.y + mark.height / 2, .highlight, "the mark")
        expectShown(frame.x - 2, frame.y - 2, OverlayColour(128, 128, 128), "the tile around it")
    }

    static func colour(_ raster: RGB8, _ x: Double, _ y: Double) -> OverlayColour {
        let i = (Int(y) * raster.width + Int(x)) * 3
        return OverlayColour(raster.bytes[i], raster.bytes[i + 1], raster.bytes[i + 2])
    }
}
