@testable import CMIRKit
@testable import CMIRTerminal
import Testing

/// The state machine alone: keys and background news in, state and effects out.
@Suite struct BrowserStateTests {
    static let stems = ["1B_B7", "1B_D2", "1B_H7", "2B_E7", "X01Y15", "X05Y15", "sa stroma 10", "sa stroma 86"]
    static let display = Display(mode: .sixel, cellWidth: 10, cellHeight: 20)

    static func state() -> BrowserState {
        let summary = IndexSummary(imageCount: 8, slideCount: 0, representation: .raw, settings: IndexSettings(features: "surf"), vocabularySize: 1000)
        let info = RepositoryInfo(summary: summary, images: stems.enumerated().map {
            IndexedImage(id: Int64($0.offset), name: "\($0.element).png", path: "/repo/\($0.element).png", width: 384, height: 384,
                         wordCount: 100)
        })
        return BrowserState(size: TerminalSize(columns: 120, rows: 40), display: display,
                            queries: stems.map { "/queries/\($0).png" }, repository: info)
    }

    static func outcome(trueRank: Int = 2) -> SearchOutcome {
        let order = ["sa stroma 10", "1B_B7", "1B_D2"]
        let matches = order.enumerated().map {
            Match(rank: $0.offset + 1, name: "\($0.element).png", path: "/repo/\($0.element).png", score: 0.5 - Double($0.offset) / 10,
                  imageID: Int64($0.offset))
        }
        var trueMatch = matches[1]
        trueMatch.rank = trueRank
        return SearchOutcome(matches: matches, trueMatch: trueMatch, queryWords: [word(7, 10, 10), word(9, 20, 20)],
                             queryWidth: 384, queryHeight: 384, seconds: 0.05, reranked: false)
    }

    static func word(_ id: UInt32, _ x: Float, _ y: Float) -> VisualWord {
        VisualWord(word: id, x: x, y: y, scale: 2, angle: 0)
    }

    /// Sends keys, collecting every effect.
    @discardableResult
    static func press(_ state: inout BrowserState, _ keys: Key...) -> [BrowserEffect] {
        keys.flatMap { state.handle(.key($0)) }
    }

    /// A state on the crop tool for the first query (384 x 384).
    static func cropping() -> BrowserState {
        var state = state()
        press(&state, .enter)
        #expect(press(&state, .enter) == [.loadQuery(path: "/queries/1B_B7.png")])
        _ = state.handle(.queryLoaded(path: "/queries/1B_B7.png", width: 384, height: 384))
        return state
    }

    @Test func movingInTheGridFollowsRowsAndClamps() {
        var state = Self.state()
        let perRow = state.repositoryGrid.perRow
        #expect(perRow == 6)
        Self.press(&state, .right, .down)
        #expect(state.repository.selection.index == 1 + perRow)
        Self.press(&state, .down, .down, .character("l"), .character("l"))
        #expect(state.repository.selection.index == 7, "clamped to the last image")
        Self.press(&state, .home)
        #expect(state.repository.selection.index == 0)
        Self.press(&state, .end)
        #expect(state.repository.selection.index == 7)
    }

    @Test func filterNarrowsByNameAndEscapeClearsIt() {
        var state = Self.state()
        Self.press(&state, .character("/"), .character("x"), .character("0"))
        #expect(state.editingFilter)
        #expect(state.repository.visible.map(\.stem) == ["X01Y15", "X05Y15"], "case-insensitive")
        Self.press(&state, .character("q"))
        #expect(state.repository.filter == "x0q", "q types while filtering, it does not quit")
        Self.press(&state, .backspace, .enter)
        #expect(!state.editingFilter && state.repository.visible.count == 2)
        Self.press(&state, .character("/"), .escape)
        #expect(state.repository.filter.isEmpty && state.repository.visible.count == 8)
    }

    @Test func pickingAQueryOpensTheCropToolOnTheWholeImage() {
        let state = Self.cropping()
        #expect(state.screen == .crop)
        #expect(state.crop?.crop.coversWholeImage == true)
        #expect(state.crop?.region == nil, "the whole image searches without a region")
    }

    @Test func cropKeysMoveResizeScaleAndReset() throws {
        var state = Self.cropping()
        Self.press(&state, .character("-"))
        let scaled = try #require(state.crop?.crop.rect)
        #expect(scaled.width == 349 && scaled.height == 349)
        Self.press(&state, .right, .down)
        #expect(state.crop?.crop.rect.x == scaled.x + 12 && state.crop?.crop.rect.y == scaled.y + 12)
        Self.press(&state, .shiftLeft, .shiftUp, .shiftUp)
        #expect(state.crop?.crop.rect.width == 337 && state.crop?.crop.rect.height == 325)
        Self.press(&state, .character("0"))
        #expect(state.crop?.crop.coversWholeImage == true)
    }

    @Test func enterSearchesEscapeCancelsAndStaleResultsAreIgnored() throws {
        var state = Self.cropping()
        Self.press(&state, .character("-"))
        let effects = Self.press(&state, .enter)
        let request = try #require(state.search?.request)
        #expect(effects == [.search(request)])
        #expect(request.region == state.crop?.crop.rect)
        _ = state.handle(.searchProgress(id: request.id, ProgressSnapshot(stage: "searching", done: 1, total: 3)))
        #expect(state.search?.progress?.done == 1)
        #expect(Self.press(&state, .escape) == [.cancelSearch(id: request.id)])
        #expect(state.search == nil && state.screen == .crop, "Esc cancels the search, not the screen")
        _ = state.handle(.searchFinished(id: request.id, Self.outcome()))
        #expect(state.results == nil && state.screen == .crop, "a cancelled search's answer is dropped")

        let again = Self.press(&state, .enter)
        let second = try #require(state.search?.request)
        #expect(second.id == request.id + 1 && again == [.search(second)])
        _ = state.handle(.searchFinished(id: second.id, Self.outcome()))
        #expect(state.screen == .results)
        #expect(state.results?.outcome.matches.count == 3)
        #expect(state.results?.isTrueMatch(state.results!.outcome.matches[1]) == true)
    }

    @Test func aNewSearchWhileOneRunsCancelsTheOldOne() throws {
        var state = Self.cropping()
        Self.press(&state, .enter)
        let first = try #require(state.search?.request)
        let effects = Self.press(&state, .right, .enter)
        let second = try #require(state.search?.request)
        #expect(effects == [.cancelSearch(id: first.id), .search(second)])
    }

    @Test func rerankToggleSearchesAgainFromTheResults() throws {
        var state = Self.cropping()
        Self.press(&state, .enter)
        _ = state.handle(.searchFinished(id: state.search!.request.id, Self.outcome()))
        let effects = Self.press(&state, .character("r"))
        let request = try #require(state.search?.request)
        #expect(request.rerank && effects == [.search(request)])
        _ = state.handle(.searchFinished(id: request.id, Self.outcome()))
        #expect(state.message?.text.contains("no re-ranker") == true, "outcome says it did not re-rank")
    }

    @Test func inspectionWalksResultsAndLoadsWordsOnDemand() {
        var state = Self.cropping()
        Self.press(&state, .enter)
        _ = state.handle(.searchFinished(id: state.search!.request.id, Self.outcome()))
        Self.press(&state, .right, .enter)
        #expect(state.screen == .inspection && state.inspection?.index == 1)
        let shown = Self.outcome().matches[1]
        #expect(Self.press(&state, .character("w")) == [.loadWords(shown)])
        _ = state.handle(.wordsLoaded(WordOverlay.shared(for: shown, frame: nil, query: Self.outcome().queryWords,
                                                         match: [Self.word(9, 1, 1), Self.word(3, 2, 2)])))
        #expect(state.inspection?.words?.query.map(\.word) == [9] && state.inspection?.words?.match.map(\.word) == [9])
        #expect(Self.press(&state, .right) == [.loadWords(Self.outcome().matches[2])], "words follow the shown match")
        #expect(state.results?.selection.index == 2)
        Self.press(&state, .character("c"))
        #expect(state.inspection?.layer == .representation)
        Self.press(&state, .escape)
        #expect(state.screen == .results && state.inspection == nil)
    }

    /// A slide's header is read in the background: the viewer opens when it arrives, unless the user has moved on
    /// meanwhile; a slide that cannot be read leaves the screen as it was, with the reason.
    @Test func aSlideOpensWhenItsHeaderArrivesUnlessTheUserMovedOn() throws {
        let slide = ViewedSlide(path: "/slides/tma-1.svs", name: "tma-1.svs", width: 4096, height: 4096, downsamples: [1, 4],
                                micronsPerPixel: nil)
        var state = Self.state()
        #expect(state.open(slide: slide.path, name: slide.name, match: nil) == [.openSlide(path: slide.path, name: slide.name, match: nil)])
        #expect(state.screen == .repository && state.message?.text == "opening tma-1.svs…")
        Self.press(&state, .right)
        Self.press(&state, .enter)
        #expect(state.screen == .picker)
        _ = state.handle(.slideOpened(slide, match: nil))
        #expect(state.screen == .picker && state.viewer == nil, "the user went on to the picker: the late header is dropped")

        Self.press(&state, .escape)
        _ = state.open(slide: slide.path, name: slide.name, match: nil)
        _ = state.handle(.slideFailed("tma-1.svs: not a slide"))
        #expect(state.screen == .repository && state.message == .error("tma-1.svs: not a slide") && state.openingSlide == nil)

        _ = state.open(slide: slide.path, name: slide.name, match: nil)
        _ = state.handle(.slideOpened(slide, match: nil))
        #expect(state.screen == .viewer && state.viewer?.slide == slide && state.message == nil)
        Self.press(&state, .escape)
        #expect(state.screen == .repository)
    }

    /// A place on a slide is inspected beside the query like any result; Enter there opens the viewer, whose back
    /// key returns to the inspection.
    @Test func aPlaceIsInspectedThenViewedAndTheViewerReturnsToIt() throws {
        var state = Self.cropping()
        Self.press(&state, .enter)
        var outcome = Self.outcome()
        outcome.matches[0].place = PixelRect(x: 0, y: 0, width: 512, height: 512)
        _ = state.handle(.searchFinished(id: state.search!.request.id, outcome))
        #expect(Self.press(&state, .enter).isEmpty)
        #expect(state.screen == .inspection && state.inspection?.index == 0)
        let place = outcome.matches[0]
        #expect(Self.press(&state, .enter) == [.openSlide(path: place.path, name: place.name, match: place)])
        _ = state.handle(.slideOpened(ViewedSlide(path: place.path, name: place.name, width: 4096, height: 4096, downsamples: [1, 4],
                                                  micronsPerPixel: 0.5), match: place))
        #expect(state.screen == .viewer)
        Self.press(&state, .escape)
        #expect(state.screen == .inspection && state.inspection?.index == 0)
        Self.press(&state, .right)
        #expect(Self.press(&state, .enter).isEmpty && state.message?.text.contains("places on slides") == true,
                "an image result has no slide to open")
    }

    @Test func helpOpensWithQuestionMarkAndAnyKeyClosesIt() {
        var state = Self.state()
        Self.press(&state, .character("?"))
        #expect(state.helpVisible)
        #expect(Self.press(&state, .character("q")).isEmpty, "q closes the help first")
        #expect(!state.helpVisible)
        #expect(Self.press(&state, .character("q")) == [.quit])
    }

    @Test func typedPathsCompleteWithTabAndOpenWithEnter() {
        var state = Self.state()
        Self.press(&state, .enter, .character("p"))
        #expect(state.picker.typedPath == "/queries/")
        Self.press(&state, .character("1"))
        #expect(Self.press(&state, .tab) == [.completePath("/queries/1")])
        _ = state.handle(.pathCompleted(text: "/queries/1B_", choices: ["1B_B7.png", "1B_D2.png"]))
        #expect(state.picker.typedPath == "/queries/1B_" && state.picker.completions.count == 2)
        #expect(Self.press(&state, .character("D"), .enter) == [.loadQuery(path: "/queries/1B_D")])
        _ = state.handle(.queryFailed("/queries/1B_D: no such file"))
        #expect(state.message == .error("/queries/1B_D: no such file") && state.screen == .picker)
        Self.press(&state, .escape)
        #expect(state.picker.typedPath == nil)
    }

    @Test func mouseDragSpansAndMovesTheRectangle() throws {
        var state = Self.cropping()
        let layout = state.cropLayout
        let fitted = try #require(layout.fitted(shown: PixelRect(x: 0, y: 0, width: 384, height: 384)))
        let origin = fitted.origin(in: layout.imageBox)
        _ = state.handle(.mouse(MouseEvent(.press, column: origin.column + 10, row: origin.row + 5)))
        _ = state.handle(.mouse(MouseEvent(.release, column: origin.column + 40, row: origin.row + 20)))
        let drawn = try #require(state.crop?.crop.rect)
        #expect(abs(drawn.width - 160) <= 2 && abs(drawn.height - 160) <= 2, "30 x 15 cells of 16/3 x 32/3 px: \(drawn)")
        _ = state.handle(.mouse(MouseEvent(.press, column: origin.column + 20, row: origin.row + 10)))
        _ = state.handle(.mouse(MouseEvent(.drag, column: origin.column + 26, row: origin.row + 10)))
        _ = state.handle(.mouse(MouseEvent(.release, column: origin.column + 26, row: origin.row + 10)))
        let moved = try #require(state.crop?.crop.rect)
        #expect(moved.width == drawn.width && moved.y == drawn.y && moved.x == drawn.x + 32)
        _ = state.handle(.mouse(MouseEvent(.press, column: 0, row: 0)))
        #expect(state.crop?.drag == nil, "a press off the image does nothing")
    }

    @Test func resizingKeepsTheSelectionVisible() {
        var state = Self.state()
        Self.press(&state, .end)
        _ = state.handle(.resized(TerminalSize(columns: 60, rows: 16)))
        let grid = state.repositoryGrid
        #expect(grid.box(of: state.repository.selection.index, firstRow: state.repository.selection.firstRow) != nil)
    }

    @Test func preparationShowsProgressThenTheRepository() {
        var state = BrowserState(size: TerminalSize(columns: 100, rows: 30), display: Self.display, queries: [], repository: nil)
        #expect(state.screen == .preparing)
        _ = state.handle(.preparationProgress(ProgressSnapshot(stage: "indexing", done: 3, total: 8)))
        #expect(state.preparation?.done == 3)
        #expect(Self.press(&state, .enter).isEmpty, "nothing to do while it builds")
        _ = state.handle(.repositoryReady(Self.state().repository.info!))
        #expect(state.screen == .repository && state.repository.visible.count == 8)
    }
}
