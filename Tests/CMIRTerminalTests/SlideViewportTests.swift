import CMIRKit
import CMIRTerminal
import Testing

/// The viewer's pure maths: level choice, zoom limits, zooming about a point, pan clamping, the region read and the
/// minimap's rectangle.
@Suite struct SlideViewportTests {
    /// A 40,000 x 20,000 slide with levels at 1, 4, 16 and 64 seen through an 800 x 400 pixel view.
    let view = (width: 800, height: 400)
    func viewport() -> SlideViewport {
        SlideViewport(slideWidth: 40_000, slideHeight: 20_000, downsamples: [1, 4, 16, 64], view: view)
    }

    @Test func theLevelIsTheCoarsestWithAPixelPerScreenPixel() {
        let downsamples = [1.0, 4, 16, 64]
        #expect(SlideViewport.level(forZoom: 0.25, downsamples: downsamples) == 0, "closer than level 0: level 0 enlarged")
        #expect(SlideViewport.level(forZoom: 1, downsamples: downsamples) == 0)
        #expect(SlideViewport.level(forZoom: 3.9, downsamples: downsamples) == 0)
        #expect(SlideViewport.level(forZoom: 4, downsamples: downsamples) == 1)
        #expect(SlideViewport.level(forZoom: 20, downsamples: downsamples) == 2)
        #expect(SlideViewport.level(forZoom: 500, downsamples: downsamples) == 3)
        // OpenSlide's downsamples are not always exact powers.
        #expect(SlideViewport.level(forZoom: 4, downsamples: [1, 4.0002]) == 1)
    }

    @Test func itOpensOnTheWholeSlideAndZoomsBetweenTheClosestZoomAndTheOverview() {
        var viewport = viewport()
        #expect(viewport.zoom == 50, "40,000 px over 800 px")
        #expect(viewport.visibleRegion(view: view) == PixelRect(x: 0, y: 0, width: 40_000, height: 20_000))
        #expect(viewport.level == 2)
        viewport.zoom(-1, view: view)
        #expect(viewport.zoom == 50, "never further out than the whole slide")
        viewport.zoom(1, view: view)
        #expect(abs(viewport.zoom - 50 / 2.0.squareRoot()) < 1e-9)
        for _ in 0..<30 { viewport.zoom(1, view: view) }
        #expect(viewport.zoom == SlideViewport.closestZoom)
        #expect(viewport.level == 0)
        viewport.showOverview(view: view)
        #expect(viewport.zoom == 50 && viewport.centreX == 20_000 && viewport.centreY == 10_000)
    }

    @Test func zoomingAboutAPointKeepsTheSlideUnderItInPlace() {
        var viewport = viewport()
        viewport.zoom = 10  // centred: (200, 100) in the view shows level-0 (18,000, 9,000)
        viewport.zoom(1, view: view, about: (x: 200, y: 100))
        #expect(abs(viewport.zoom - 10 / 2.0.squareRoot()) < 1e-9)
        #expect(abs(viewport.centreX + (200 - 400) * viewport.zoom - 18_000) < 1e-6)
        #expect(abs(viewport.centreY + (100 - 200) * viewport.zoom - 9_000) < 1e-6)
        // Out about the view's corner as far as it goes: the whole slide, centred.
        for _ in 0..<20 { viewport.zoom(-1, view: view, about: (x: 0, y: 0)) }
        #expect(viewport.zoom == 50 && viewport.centreX == 20_000 && viewport.centreY == 10_000)
    }

    @Test func panningStopsAtTheEdgesAndAnAxisTheSlideDoesNotFillStaysCentred() {
        var viewport = viewport()
        viewport.zoom = 10  // 8,000 x 4,000 level-0 pixels in view
        viewport.pan(dx: -100, dy: -100, view: view)
        #expect(viewport.visibleRegion(view: view) == PixelRect(x: 0, y: 0, width: 8_000, height: 4_000))
        viewport.pan(dx: 1, dy: 0, view: view)
        #expect(viewport.visibleRegion(view: view) == PixelRect(x: 2_000, y: 0, width: 8_000, height: 4_000), "a quarter view a step")
        viewport.pan(dx: 100, dy: 100, view: view)
        #expect(viewport.visibleRegion(view: view) == PixelRect(x: 32_000, y: 16_000, width: 8_000, height: 4_000))
        // A tall narrow view: the slide's height fits, so y stays centred and the region is clipped to the slide.
        let tall = (width: 400, height: 4_000)
        viewport.zoom = 10
        viewport.pan(dx: 0, dy: -3, view: tall)
        #expect(viewport.centreY == 10_000)
        #expect(viewport.visibleRegion(view: tall) == PixelRect(x: 34_000, y: 0, width: 4_000, height: 20_000))
    }

    @Test func focusCentresOnAPlaceAtAThirdOfTheView() {
        var viewport = viewport()
        viewport.focus(x: 39_900, y: 100, width: 800, height: 400, view: view)
        #expect(viewport.zoom == 3, "a 800 px place in a third of 800 screen px")
        #expect(viewport.visibleRegion(view: view) == PixelRect(x: 37_600, y: 0, width: 2_400, height: 1_200), "kept inside the slide")
    }

    @Test func revealPansTheLeastThatBringsARectangleIntoView() {
        var viewport = viewport()
        viewport.zoom = 10  // 8,000 x 4,000 level-0 pixels in view, centred at (20,000, 10,000)
        viewport.reveal(PixelRect(x: 25_000, y: 9_000, width: 1_000, height: 1_000), view: view)
        #expect(viewport.centreX == 22_000 && viewport.centreY == 10_000, "its right edge at the view's, the other axis kept")
        viewport.reveal(PixelRect(x: 100, y: 100, width: 500, height: 500), view: view)
        #expect(viewport.visibleRegion(view: view) == PixelRect(x: 100, y: 100, width: 8_000, height: 4_000),
                "its left and top edges at the view's")
        let before = viewport
        viewport.reveal(PixelRect(x: 30_000, y: 0, width: 9_000, height: 100), view: view)
        #expect(viewport.centreX == before.centreX, "wider than the view: left where it is on that axis")
    }

    @Test func theRegionReadCoversEveryLevelPixelTheViewTouches() {
        #expect(SlideViewport.levelRegion(of: PixelRect(x: 100, y: 64, width: 300, height: 64), downsample: 16)
                == PixelRect(x: 6, y: 4, width: 19, height: 4))
        #expect(SlideViewport.levelRegion(of: PixelRect(x: 0, y: 0, width: 1, height: 1), downsample: 64)
                == PixelRect(x: 0, y: 0, width: 1, height: 1))
    }

    @Test func scaleBarsAreRoundLengthsThatFit() {
        // 0.5 µm per pixel, 10 pixels a cell at zoom 4: 20 µm a cell, at most 20 cells (400 µm): 200 µm in 10 cells.
        #expect(ScaleBar.choose(micronsPerCell: 20, maximumCells: 20) == ScaleBar(microns: 200, cells: 10))
        #expect(ScaleBar.choose(micronsPerCell: 20, maximumCells: 20)?.label == "200 µm")
        #expect(ScaleBar.choose(micronsPerCell: 130, maximumCells: 30) == ScaleBar(microns: 2_000, cells: 15))
        #expect(ScaleBar.choose(micronsPerCell: 130, maximumCells: 30)?.label == "2 mm")
        #expect(ScaleBar.choose(micronsPerCell: 0.03, maximumCells: 20) == ScaleBar(microns: 0.5, cells: 17))
        #expect(ScaleBar.choose(micronsPerCell: 0, maximumCells: 20) == nil)
    }
}
