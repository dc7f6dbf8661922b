import CMIRKit
@testable import CMIRTerminal
import Testing

/// The mouse wheel in the slide viewer, from the terminal's report to the zoom: about the pointer over the view,
/// about the centre elsewhere, nothing on other screens.
@Suite struct ViewerMouseWheelTests {
    static let slide = ViewedSlide(path: "/slides/tma-1.svs", name: "tma-1.svs", width: 40_000, height: 20_000,
                                   downsamples: [1, 4, 16, 64], micronsPerPixel: 0.5)

    /// The wheel event a terminal's report decodes to.
    static func wheel(up: Bool, column: Int, row: Int) throws -> BrowserEvent {
        var decoder = InputDecoder()
        let events = decoder.feed(Array("\u{1B}[<\(up ? 64 : 65);\(column + 1);\(row + 1)M".utf8))
        guard events.count == 1, case .wheel(let wheel) = events[0] else { throw WheelError.notDecoded(events) }
        return .wheel(wheel)
    }

    enum WheelError: Error { case notDecoded([InputEvent]) }

    @Test func theWheelZoomsInAboutThePointerAndOutToTheWholeSlide() throws {
        var state = BrowserStateTests.state()
        _ = state.handle(.wheel(MouseWheel(up: true, column: 10, row: 10)))
        #expect(state.viewer == nil && state.screen == .repository, "the grid takes no wheel")
        _ = state.open(slide: Self.slide.path, name: Self.slide.name, match: nil)
        _ = state.handle(.slideOpened(Self.slide, match: nil))
        let layout = state.viewerLayout, view = layout.viewPixels
        let overview = try #require(state.viewer?.viewport)
        // At the overview the slide fills the view's width: a cell near its left edge, half way down.
        let column = layout.imageBox.column + 8, row = layout.imageBox.row + layout.imageBox.rows / 2
        let pointer = try #require(layout.viewPoint(column: column, row: row))
        func underPointer(_ viewport: SlideViewport) -> Double { viewport.centreX + (pointer.x - Double(view.width) / 2) * viewport.zoom }

        _ = state.handle(try Self.wheel(up: true, column: column, row: row))
        _ = state.handle(try Self.wheel(up: true, column: column, row: row))
        let zoomed = try #require(state.viewer?.viewport)
        #expect(abs(zoomed.zoom - overview.zoom / 2) < 1e-9, "two steps of √2")
        #expect(abs(underPointer(zoomed) - underPointer(overview)) < 1e-6, "the slide under the pointer stays put")
        #expect(zoomed.centreX < overview.centreX, "the view moved towards the pointer")

        _ = state.handle(try Self.wheel(up: false, column: column, row: row))
        _ = state.handle(try Self.wheel(up: false, column: column, row: row))
        let back = try #require(state.viewer?.viewport)
        #expect(abs(back.zoom - overview.zoom) < 1e-9, "back to the whole slide")
        #expect(abs(back.centreX - overview.centreX) < 1e-6 && abs(back.centreY - overview.centreY) < 1e-6, "centred again")

        // Over the minimap: about the view's centre.
        _ = state.handle(try Self.wheel(up: true, column: layout.minimapBox.column + 2, row: layout.minimapBox.row + 1))
        let centred = try #require(state.viewer?.viewport)
        #expect(centred.zoom < back.zoom && centred.centreX == back.centreX && centred.centreY == back.centreY)
    }
}
