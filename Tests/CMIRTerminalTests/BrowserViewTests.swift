@testable import CMIRKit
@testable import CMIRTerminal
import Testing

/// What the views draw for a state: the text a user reads and the images placed.
@Suite struct BrowserViewTests {
    func text(_ frame: Frame) -> String { (0..<frame.canvas.rows).map { frame.canvas.text(ofRow: $0) }.joined(separator: "\n") }

    @Test func repositoryShowsEveryNameOneImageEachAndTheIndexFacts() {
        let frame = BrowserView.render(BrowserStateTests.state())
        #expect(BrowserStateTests.stems.allSatisfy { text(frame).contains(String($0.prefix(10))) })
        #expect(frame.images.count == 8)
        #expect(Set(frame.images.map(\.image.path)).count == 8)
        #expect(frame.canvas.text(ofRow: 39).contains("8 images · representation: raw grayscale · model: none · vocabulary: 1000 words"))
        #expect(frame.images.allSatisfy { $0.box.endRow <= 38 }, "no image on the status row")
    }

    @Test func theStatusRowCountsSlidesApartFromImages() {
        func counts(_ files: Int, slides: Int) -> String {
            let summary = IndexSummary(imageCount: files, slideCount: slides, representation: .raw,
                                       settings: IndexSettings(features: "surf"), vocabularySize: 1000)
            return String(summary.statusLine.split(separator: " · representation")[0])
        }
        #expect(counts(9, slides: 1) == "8 images · 1 slide")
        #expect(counts(2, slides: 2) == "2 slides")
        #expect(counts(1, slides: 0) == "1 image")
    }

    @Test func slideLabelsGiveTheSizeAndPixelSizeWithinATile() {
        func label(_ width: Int, _ height: Int, microns: Double?) -> String {
            let slide = SlideDetails(level: 0, scale: 1, micronsPerPixel: microns, tissueFraction: 0.3, cell: 512)
            let entry = IndexedImage(id: 1, name: "s.svs", path: "/s.svs", width: width, height: height, wordCount: 1, slide: slide)
            return RepositoryView.slideLabel(entry, slide)
        }
        #expect(label(1652, 1652, microns: 0.667) == "1652×1652 0.67µm")
        #expect(label(98_400, 41_200, microns: 0.2527) == "98k×41k 0.25µm")
        #expect(label(4862, 3736, microns: nil) == "4862×3736")
    }

    @Test func reRankedCandidatesSayWhetherTheirAgreeingPairsVerifyThem() {
        var state = BrowserStateTests.cropping()
        _ = state.handle(.key(.enter))
        var outcome = BrowserStateTests.outcome()
        outcome.reranked = true
        outcome.matches[0].region = MatchRegion(x: 10, y: 20, width: 100, height: 100, angle: 15)
        outcome.matches[0].verified = true
        outcome.matches[0].score = 43
        outcome.matches[1].score = 0
        outcome.matches[2].score = 7
        _ = state.handle(.searchFinished(id: state.search!.request.id, outcome))
        let shown = text(BrowserView.render(state))
        #expect(shown.contains("verified (43)"))
        #expect(shown.contains("unverified ✓"))
        #expect(shown.contains("unverified (7)"))
        #expect(!shown.contains("score "))
        _ = state.handle(.key(.character("?")))
        #expect(text(BrowserView.render(state)).contains("unverified (N)"), "help explains the labels")
    }

    @Test func tooSmallShowsAMessageAndNoImages() {
        var state = BrowserStateTests.state()
        _ = state.handle(.resized(TerminalSize(columns: 40, rows: 10)))
        let frame = BrowserView.render(state)
        #expect(frame.images.isEmpty)
        #expect(text(frame).contains("Terminal too small") && text(frame).contains("have 40 × 10"))
    }

    @Test func resultsShowRankNameScoreAndTheTrueMatch() {
        var state = BrowserStateTests.cropping()
        _ = state.handle(.key(.enter))
        var outcome = BrowserStateTests.outcome()
        outcome.matches[0].region = MatchRegion(x: 10, y: 20, width: 100, height: 100, angle: 15)
        outcome.matches[0].verified = true
        _ = state.handle(.searchFinished(id: state.search!.request.id, outcome))
        let frame = BrowserView.render(state)
        let shown = text(frame)
        #expect(shown.contains("#1 sa stroma 10") && shown.contains("#2 1B_B7") && shown.contains("#3 1B_D2"))
        #expect(shown.contains("score 0.5000") && shown.contains("score 0.4000 ✓"))
        #expect(shown.contains("✓ true match is #2"))
        #expect(frame.images.count == 4, "the query and three matches")
        let first = frame.images.first { $0.image.path == "/repo/sa stroma 10.png" }
        #expect(first?.image.overlays.count == 1, "the matched region outlined")
        let truth = frame.images.first { $0.image.path == "/repo/1B_B7.png" }
        #expect(truth?.image.overlays == [.border(.trueMatch)])
    }

    @Test func aTrueMatchOutsideTheResultsIsReportedWithItsRank() {
        var state = BrowserStateTests.cropping()
        _ = state.handle(.key(.enter))
        var outcome = BrowserStateTests.outcome(trueRank: 14)
        outcome.matches.remove(at: 1)
        _ = state.handle(.searchFinished(id: state.search!.request.id, outcome))
        #expect(text(BrowserView.render(state)).contains("✗ true match is #14"))
    }

    @Test func helpListsTheScreensKeys() {
        var state = BrowserStateTests.cropping()
        _ = state.handle(.key(.character("?")))
        let shown = text(BrowserView.render(state))
        for binding in KeyBindings.on(.crop) { #expect(shown.contains(binding.summary), "\(binding.summary)") }
        #expect(BrowserView.render(state).images.isEmpty, "help hides the images")
    }

    @Test func aRunningSearchShowsProgressInTheStatusRow() {
        var state = BrowserStateTests.cropping()
        _ = state.handle(.key(.enter))
        _ = state.handle(.searchProgress(id: state.search!.request.id, ProgressSnapshot(stage: "searching", done: 2, total: 3, detail: "ranking")))
        let status = BrowserView.render(state).canvas.text(ofRow: 39)
        #expect(status.contains("searching") && status.contains("2/3") && status.contains("Esc cancels"))
    }
}
