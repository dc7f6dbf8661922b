@testable import CMIRKit
@testable import CMIRTerminal
import Testing

/// The crop tool on a query larger than the screen: `v` hands the arrows and + - to the view (the slide viewer's
/// zoom and pan), the rectangle stays in the image's full-resolution pixels, moves finer zoomed in, and stays in view.
@Suite struct CropZoomTests {
    /// The crop tool on a 4000 x 3000 query (an SHG mosaic) in a 120 x 40 terminal of 10 x 20 px cells.
    static func cropping() -> BrowserState {
        var state = BrowserStateTests.state()
        BrowserStateTests.press(&state, .enter)
        _ = state.handle(.queryLoaded(path: "/queries/mosaic.png", width: 4000, height: 3000))
        return state
    }

    static func shown(_ state: BrowserState) -> PixelRect { state.crop!.shown(view: state.cropLayout.viewPixels) }

    @Test func itOpensOnTheWholeImageAndVZoomsAndPansWithTheViewersKeys() throws {
        var state = Self.cropping()
        let whole = PixelRect(x: 0, y: 0, width: 4000, height: 3000)
        #expect(state.screen == .crop && Self.shown(state) == whole)
        BrowserStateTests.press(&state, .character("v"))
        #expect(state.crop?.movingView == true)
        let overview = try #require(state.crop?.viewport.zoom)
        BrowserStateTests.press(&state, .character("+"), .character("="), .character("+"), .character("+"))
        #expect(abs(state.crop!.viewport.zoom - overview / 4) < 1e-9, "four steps of √2")
        let zoomed = Self.shown(state)
        #expect(zoomed.width < 1500 && zoomed.height < 1500, "\(zoomed)")
        #expect(state.crop?.crop.rect == whole, "zoom and pan leave the rectangle alone")
        BrowserStateTests.press(&state, .right, .character("j"))
        let panned = Self.shown(state)
        let view = state.cropLayout.viewPixels, zoom = state.crop!.viewport.zoom
        #expect(abs(Double(panned.x - zoomed.x) - Double(view.width) * zoom / 4) <= 1, "a quarter of the view")
        #expect(abs(Double(panned.y - zoomed.y) - Double(view.height) * zoom / 4) <= 1)
        BrowserStateTests.press(&state, .character("-"))
        #expect(abs(state.crop!.viewport.zoom - overview / 2.0.squareRoot() / 2) < 1e-9)
        BrowserStateTests.press(&state, .character("o"))
        #expect(Self.shown(state) == whole)
        BrowserStateTests.press(&state, .escape)
        #expect(state.screen == .crop && state.crop?.movingView == false, "Esc hands the keys back to the rectangle")
        BrowserStateTests.press(&state, .character("-"))
        #expect(state.crop!.crop.rect.width < 4000, "+ and - size the rectangle again")
    }

    @Test func zoomedInTheRectangleMovesFinerAndTheViewFollowsIt() {
        var state = Self.cropping()
        let wholeStep = state.crop!.step(view: state.cropLayout.viewPixels)
        #expect(wholeStep == 3000 / 32, "a 32nd of the shorter side of the whole image")
        for _ in 0..<30 { BrowserStateTests.press(&state, .character("-")) }  // the rectangle: 1/1.1^30 of the image's sides
        BrowserStateTests.press(&state, .character("v"), .character("o"))
        for _ in 0..<6 { BrowserStateTests.press(&state, .character("+")) }
        BrowserStateTests.press(&state, .character("v"))
        let step = state.crop!.step(view: state.cropLayout.viewPixels)
        #expect(step < wholeStep / 4, "zoomed in eight times: \(step) against \(wholeStep)")
        let before = state.crop!.crop.rect
        BrowserStateTests.press(&state, .right)
        #expect(state.crop!.crop.rect.x == before.x + step)
        for _ in 0..<200 { BrowserStateTests.press(&state, .right) }
        let rect = state.crop!.crop.rect, shown = Self.shown(state)
        #expect(rect.x + rect.width == 4000, "stopped at the image's right edge")
        #expect(shown.x <= rect.x && rect.x + rect.width <= shown.x + shown.width, "the view followed: \(rect) in \(shown)")
    }

    /// Without graphics the crop tool draws frames of cells: the view's, and the rectangle's part inside it, which
    /// grows as the view zooms in on it.
    @Test func withoutGraphicsTheSketchFollowsTheView() throws {
        var state = Self.cropping()
        state.display = Display(mode: .none, cellWidth: 10, cellHeight: 20)
        for _ in 0..<20 { BrowserStateTests.press(&state, .character("-")) }  // a rectangle about 600 x 450 px
        func rectangleCells() -> Int {
            let canvas = BrowserView.render(state).canvas, box = state.cropLayout.imageBox
            var count = 0
            for row in box.row..<box.endRow { for column in box.column..<box.endColumn where canvas[column, row].style == Styles.warning { count += 1 } }
            return count
        }
        let whole = rectangleCells()
        #expect(whole > 0, "the rectangle's frame is drawn")
        BrowserStateTests.press(&state, .character("v"), .character("+"), .character("+"), .character("+"), .character("+"))
        let zoomed = rectangleCells()
        #expect(zoomed > 3 * whole, "four times closer, the frame's outline about four times as long: \(zoomed) against \(whole)")
        for _ in 0..<40 { BrowserStateTests.press(&state, .right) }
        #expect(rectangleCells() == 0, "panned away, the rectangle is out of the view")
    }

    @Test func aDragZoomedInSpansFullResolutionPixels() throws {
        var state = Self.cropping()
        BrowserStateTests.press(&state, .character("v"))
        for _ in 0..<6 { BrowserStateTests.press(&state, .character("+")) }
        BrowserStateTests.press(&state, .right, .right)
        let shown = Self.shown(state)
        let layout = state.cropLayout
        let origin = try #require(layout.fitted(shown: shown)).origin(in: layout.imageBox)
        _ = state.handle(.mouse(MouseEvent(.press, column: origin.column + 10, row: origin.row + 5)))
        _ = state.handle(.mouse(MouseEvent(.release, column: origin.column + 40, row: origin.row + 20)))
        let rect = try #require(state.crop?.crop.rect)
        // 30 x 15 cells of 10 x 20 screen pixels at the view's zoom (image pixels per screen pixel).
        let zoom = state.crop!.viewport.zoom
        #expect(abs(Double(rect.width) - 300 * zoom) <= 2 * zoom + 1 && abs(Double(rect.height) - 300 * zoom) <= 2 * zoom + 1, "\(rect)")
        #expect(abs(Double(rect.x) - (Double(shown.x) + 105 * zoom)) <= zoom + 1, "from the view's corner: \(rect) in \(shown)")
        #expect(abs(Double(rect.y) - (Double(shown.y) + 110 * zoom)) <= zoom + 1)
    }

    @Test func aResizeKeepsTheViewInsideTheImage() {
        var state = Self.cropping()
        BrowserStateTests.press(&state, .character("v"), .character("+"), .character("+"), .right, .down)
        _ = state.handle(.resized(TerminalSize(columns: 200, rows: 60)))
        let shown = Self.shown(state)
        #expect(shown.x >= 0 && shown.y >= 0 && shown.x + shown.width <= 4000 && shown.y + shown.height <= 3000)
    }
}
