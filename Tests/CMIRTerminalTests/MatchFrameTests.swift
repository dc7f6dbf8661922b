@testable import CMIRKit
@testable import CMIRTerminal
import Foundation
import Testing

/// The side-by-side frame of a place on a slide: query pixels to level-0 pixels and back, the part shown, what is
/// read, which of the slide's words are shown, and when a result gets a frame at all.
@Suite struct MatchFrameTests {
    /// A 200 x 100 query region found turned 30° and twice as large, centred at (5000, 3000) on the slide.
    static let region = MatchRegion(x: 5000 - 200, y: 3000 - 100, width: 400, height: 200, angle: 30)
    static let searched = PixelRect(x: 40, y: 20, width: 200, height: 100)
    static let frame = MatchFrame(searched: searched, region: region)

    static func close(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double), within tolerance: Double = 1e-9) -> Bool {
        abs(a.x - b.x) <= tolerance && abs(a.y - b.y) <= tolerance
    }

    @Test func theSearchedPartsCornersGoToTheOutlinedRegionsCorners() {
        let frame = Self.frame
        #expect(frame.scale == 2 && frame.angle == 30 && frame.centreX == 5000 && frame.centreY == 3000)
        // The region's corners as the renderer outlines a footprint: turned counter-clockwise as displayed.
        let a = 30 * Double.pi / 180, c = cos(a), s = sin(a)
        func outlined(_ dx: Double, _ dy: Double) -> (x: Double, y: Double) { (5000 + dx * c + dy * s, 3000 - dx * s + dy * c) }
        let centre = (x: 40 + 199 / 2.0, y: 20 + 99 / 2.0)
        for (dx, dy) in [(-100.0, -50.0), (100, -50), (100, 50), (-100, 50)] {
            #expect(Self.close(frame.slidePoint(x: centre.x + dx, y: centre.y + dy), outlined(2 * dx, 2 * dy)), "\(dx), \(dy)")
        }
        // The query's right points up-right on the slide when turned counter-clockwise.
        let right = frame.slidePoint(x: centre.x + 10, y: centre.y)
        #expect(right.x > 5000 && right.y < 3000)
    }

    @Test func queryPointUndoesSlidePoint() {
        for (x, y) in [(0.0, 0.0), (139.5, 69.5), (300, -40), (-25.25, 512)] {
            let slide = Self.frame.slidePoint(x: x, y: y)
            #expect(Self.close(Self.frame.queryPoint(x: slide.x, y: slide.y), (x, y), within: 1e-9))
        }
    }

    @Test func bothPanelsShowTheSearchedPartWithAQuarterOfItsSizeAround() {
        #expect(Self.frame.shown == PixelRect(x: -10, y: -5, width: 300, height: 150))
        #expect(Self.frame.shows(x: 5000, y: 3000))
        let beyond = Self.frame.slidePoint(x: 290 + 1, y: 70)  // just right of the shown part
        #expect(!Self.frame.shows(x: beyond.x, y: beyond.y))
        let inside = Self.frame.slidePoint(x: 290 - 1, y: 70)
        #expect(Self.frame.shows(x: inside.x, y: inside.y))
    }

    @Test func whatIsReadIsTheTurnedPartsBoundingBox() {
        let bounds = Self.frame.slideBounds(of: Self.frame.shown)
        // 600 x 300 level-0 pixels turned 30°: 600 cos 30 + 300 sin 30 wide, 600 sin 30 + 300 cos 30 tall.
        let width = 600 * cos(Double.pi / 6) + 300 * sin(Double.pi / 6), height = 600 * sin(Double.pi / 6) + 300 * cos(Double.pi / 6)
        #expect(abs(Double(bounds.width) - width) <= 2 && abs(Double(bounds.height) - height) <= 2, "\(bounds)")
        #expect(abs(Double(bounds.x) + Double(bounds.width) / 2 - 5000) <= 2 && abs(Double(bounds.y) + Double(bounds.height) / 2 - 3000) <= 2)
        // Unturned, at scale 1: the shown part itself moved onto the slide (half a pixel more each side, as pixel
        // centres sit at whole coordinates).
        let plain = MatchFrame(searched: PixelRect(x: 0, y: 0, width: 100, height: 100),
                               region: MatchRegion(x: 1000, y: 2000, width: 100, height: 100, angle: 0))
        #expect(plain.slideBounds(of: plain.shown) == PixelRect(x: 975, y: 1975, width: 151, height: 151))
    }

    @Test func aSlidesWordsAreKeptOnlyWhereTheyAreShown() {
        let match = Match(rank: 1, name: "tma-1.svs", path: "/slides/tma-1.svs", score: 40, region: Self.region, verified: true,
                          imageID: 3, place: PixelRect(x: 4000, y: 2000, width: 2000, height: 2000))
        let query = [VisualWord(word: 7, x: 100, y: 50, scale: 2, angle: 0), VisualWord(word: 8, x: 120, y: 60, scale: 2, angle: 0)]
        let near = Self.frame.slidePoint(x: 100, y: 50)
        let slideWords = [VisualWord(word: 7, x: Float(near.x), y: Float(near.y), scale: 2, angle: 0),
                          VisualWord(word: 8, x: 5900, y: 3900, scale: 2, angle: 0),  // in the place, off the shown part
                          VisualWord(word: 8, x: 100, y: 100, scale: 2, angle: 0)]    // elsewhere on the slide
        let overlay = WordOverlay.shared(for: match, frame: Self.frame, query: query, match: slideWords)
        #expect(overlay.match.map(\.word) == [7] && overlay.query.map(\.word) == [7] && overlay.sharedWordCount == 1)
        #expect(overlay.belongs(to: match))
        var elsewhere = match
        elsewhere.place = PixelRect(x: 0, y: 0, width: 2000, height: 2000)
        #expect(!overlay.belongs(to: elsewhere), "another place of the same slide has its own words")
        // Without a frame, the place bounds the words.
        let unplaced = WordOverlay.shared(for: match, frame: nil, query: query, match: slideWords)
        #expect(unplaced.match.map(\.word) == [7, 8])
    }

    @Test func onlyAPlaceWithAVerifiedRegionStandsUpright() {
        let place = PixelRect(x: 4000, y: 2000, width: 2000, height: 2000)
        let verified = Match(rank: 1, name: "tma-1.svs", path: "/s/tma-1.svs", score: 40, region: Self.region, verified: true,
                             imageID: 3, place: place)
        var unverified = verified
        unverified.verified = false
        let image = Match(rank: 2, name: "a.png", path: "/r/a.png", score: 40, region: Self.region, verified: true, imageID: 4)
        let outcome = SearchOutcome(matches: [verified, unverified, image], trueMatch: nil, queryWords: [], queryWidth: 640,
                                    queryHeight: 480, seconds: 0.1, reranked: true)
        let whole = ResultsState(request: BrowserSearch(id: 1, queryPath: "/q/a.png", region: nil, rerank: true), outcome: outcome)
        #expect(whole.searched == PixelRect(x: 0, y: 0, width: 640, height: 480))
        #expect(whole.frame(of: verified)?.scale == 400.0 / 640)
        #expect(whole.frame(of: unverified) == nil && whole.frame(of: image) == nil)
        let cropped = ResultsState(request: BrowserSearch(id: 1, queryPath: "/q/a.png", region: Self.searched, rerank: true), outcome: outcome)
        #expect(cropped.frame(of: verified) == Self.frame)
    }
}
