import CMIRKit
import CMIRTerminalHarness
import CMIRTestSupport
import Foundation
import Testing

/// The crop tool on a query far larger than the screen (a 4000 x 3000 mosaic), in a pseudo-terminal with sixel:
/// `v` and the viewer's keys zoom and pan, a rectangle drawn zoomed in is saved in the image's full-resolution pixels.
@Suite(.serialized) struct CropLargeImageEndToEndTests {
    @Test func aMosaicIsZoomedPannedAndCroppedInPlace() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let queries = folder.appendingPathComponent("queries"), crops = folder.appendingPathComponent("crops")
        try FileManager.default.createDirectory(at: queries, withIntermediateDirectories: true)
        let mosaic = TestImages.blobs(width: 4000, height: 3000, seed: 5, count: 3000)
        try ImageFile.save(mosaic, to: queries.appendingPathComponent("mosaic.png").path)
        let browser = try BrowserSession(["browse", try DemoFixture.index.get(), "--queries", queries.path, "--crops", crops.path],
                                         columns: 120, rows: 40)
        try browser.wait(forText: "1B_B7")
        browser.press("o")
        try browser.wait(forText: "mosaic.png")
        browser.press(Keys.enter)
        try browser.wait(forText: "4000 × 3000 px")
        try browser.wait(for: "the whole mosaic drawn") { $0.images.count == 1 && $0.images[0].width > 400 }
        let overview = try #require(SlideViewerEndToEndTests.number(after: "zoom ", on: browser.screen))

        browser.press("v")
        try browser.wait(forText: "keys move the view")
        browser.press("+", "+", "+", "+", "+", "+")
        try browser.wait(for: "eight times closer") { screen in
            SlideViewerEndToEndTests.number(after: "zoom ", on: screen).map { abs($0 / overview - 8) < 0.1 } == true
        }
        let zoomed = try #require(Self.view(on: browser.screen))
        #expect(zoomed.width < 600, "an eighth of the mosaic's width and less: \(zoomed)")
        browser.press(Keys.right, "l", Keys.down)
        try browser.wait(for: "panned right and down") { screen in
            guard let view = Self.view(on: screen) else { return false }
            return view.x > zoomed.x + zoomed.width * 2 / 5 && view.y > zoomed.y + zoomed.height / 5
        }
        let view = try #require(Self.view(on: browser.screen))
        let (viewX, viewY, viewWidth) = (view.x, view.y, view.width)
        try browser.wait(for: "the zoomed view drawn") { $0.images.count == 1 && $0.images[0].width > 400 }

        // Back to the rectangle: a drag on the zoomed view spans full-resolution pixels inside the view.
        browser.press("v")
        try browser.wait(forText: "v      zoom and pan")
        let image = browser.screen.images[0]
        browser.press(Keys.mouse("press", column: image.column + 10, row: image.row + 5),
                      Keys.mouse("drag", column: image.column + 40, row: image.row + 20),
                      Keys.mouse("release", column: image.column + 40, row: image.row + 20))
        // The press alone already puts a small rectangle inside the view: wait until the drag to 30 columns is in too.
        try browser.wait(for: "the dragged rectangle inside the view") { screen in
            guard let origin = BrowserEndToEndTests.origin(in: screen.text),
                  let size = BrowserEndToEndTests.regionSize(in: screen) else { return false }
            return origin.x > viewX && origin.y > viewY && origin.x < viewX + viewWidth && size.width > viewWidth / 8
        }
        let size = try #require(BrowserEndToEndTests.regionSize(in: browser.screen))
        #expect(size.width < viewWidth && size.width > viewWidth / 8, "30 columns of an 87-column view: \(size) of \(viewWidth)")
        let origin = try #require(BrowserEndToEndTests.origin(in: browser.screen.text))

        browser.press("s")
        try browser.wait(forText: "saved ")
        let saved = try ImageFile.load(crops.appendingPathComponent("mosaic.png").path).image
        try #require(saved.width == size.width && saved.height == size.height)
        let expected = try #require(mosaic.cropped(to: PixelRect(x: origin.x, y: origin.y, width: size.width, height: size.height)))
        #expect(SlideFixtures.correlation(saved.pixels, expected.pixels) > 0.99, "the saved pixels are the mosaic's own")
        try browser.quitExpectingSuccess()
    }

    /// "view X,Y W×H" of the crop tool's panel: the part of the image in view.
    static func view(on screen: VirtualTerminal) -> PixelRect? {
        guard let match = screen.text.firstMatch(of: /view (\d+),(\d+) (\d+)×(\d+)/) else { return nil }
        return PixelRect(x: Int(match.1)!, y: Int(match.2)!, width: Int(match.3)!, height: Int(match.4)!)
    }
}
