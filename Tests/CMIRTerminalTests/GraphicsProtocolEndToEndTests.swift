import CMIRKit
import CMIRTerminalHarness
import Foundation
import Testing

/// Each graphics protocol end to end: `cmir` in a pseudo-terminal whose model answers like kitty, iTerm2,
/// xterm, a terminal without graphics, or one that answers nothing; what is detected and what is sent.
@Suite(.serialized) struct GraphicsProtocolEndToEndTests {
    func browser(_ profile: VirtualTerminal.Profile, environment: [String: String] = [:]) throws -> BrowserSession {
        let index = try DemoFixture.index.get()
        return try BrowserSession(["browse", index, "--queries", DemoFixture.queries], environment: environment, profile: profile)
    }

    /// `cmir info --terminal` in a terminal of this profile: its report.
    func report(_ profile: VirtualTerminal.Profile, environment: [String: String] = [:]) throws -> String {
        let session = try BrowserSession(["info", "--terminal"], environment: environment, profile: profile)
        #expect(WaitStatus.exitCode(try session.waitForExit(timeout: .seconds(5))) == 0)
        return session.screen.text
    }

    @Test func infoSaysWhatWasDetectedAndWhy() throws {
        #expect(try report(.kitty).contains("graphics: kitty (the terminal accepted the kitty graphics query)"))
        #expect(try report(.iterm).contains("graphics: iterm (XTVERSION names iTerm2 3.5.0)"))
        #expect(try report(.xterm).contains("graphics: sixel (device attributes list 4 (sixel))"))
        #expect(try report(.plain).contains("graphics: symbols (no image protocol in the terminal's replies)"))
        #expect(try report(.kitty, environment: ["CMIR_GRAPHICS": "blocks"]).contains("graphics: blocks (CMIR_GRAPHICS=blocks)"))
        let xterm = try report(.xterm)
        #expect(xterm.contains("cell: 10 x 20 px (window size)"))
        #expect(xterm.contains("replies: ^[P>|XTerm(379)^[\\"))
    }

    /// `cmir show` of a demo image 20 cells wide in a terminal of this profile, run to its end.
    func show(_ profile: VirtualTerminal.Profile) throws -> BrowserSession {
        let image = DemoFixture.repository + "/1B_B7.png"
        let session = try BrowserSession(["show", image, "--width", "20"], profile: profile)
        #expect(WaitStatus.exitCode(try session.waitForExit(timeout: .seconds(10))) == 0)
        return session
    }

    @Test func showDrawsInEachTerminalsProtocolAndLeavesTheCursorBelowThePicture() throws {
        let kitty = try show(.kitty)
        #expect(kitty.screen.transmissions.count == 1 && kitty.screen.images.count == 1)
        let placed = try #require(kitty.screen.images.first)
        #expect(placed.width == 200 && placed.height == 200, "20 cells of 10 px, the square image")
        #expect(kitty.screen.cursorRow >= placed.row + 10, "the prompt comes back below the picture")
        let iterm = try show(.iterm)
        #expect(iterm.screen.images.count == 1 && iterm.screen.images.first?.kind == .iterm)
        let xterm = try show(.xterm)
        #expect(xterm.screen.images.first?.kind == .sixel && xterm.screen.images.first?.width == 200)
        let silent = try show(.silent)
        #expect(silent.screen.allImages.isEmpty)
        let blockElements = (0..<10).flatMap { silent.screen.line($0).unicodeScalars }.filter { (0x2580...0x259F).contains($0.value) }
        #expect(blockElements.count >= 40, "chafa's symbols in a terminal that answers nothing: \(blockElements.count)")
    }

    @Test func aTerminalThatAnswersNothingGetsSymbolsAfterAShortWait() throws {
        let start = ContinuousClock.now
        let silent = try report(.silent)
        #expect(silent.contains("graphics: symbols (the terminal answered no query within the timeout)"))
        #expect(silent.contains("replies: (none)"))
        #expect(ContinuousClock.now - start < .seconds(3), "the queries time out, they do not hang")
        let browser = try browser(.silent)
        try browser.wait(for: "symbol thumbnails") { screen in screen.contains("1B_B7") && (2..<10).contains { screen.line($0).contains("▌") || screen.line($0).contains("▐") || screen.line($0).contains("▄") } }
        #expect(browser.screen.allImages.isEmpty)
        try browser.quitExpectingSuccess()
    }

    @Test func kittyImagesAreSentOnceThenOnlyPlacedAndFreedOnExit() throws {
        let browser = try browser(.kitty)
        // The eight images and the slide's overview.
        try browser.wait(for: "nine kitty thumbnails") { screen in
            screen.images.count == 9 && screen.line(screen.rows - 1).contains(DemoFixture.counts)
        }
        browser.pump(.milliseconds(300))
        for image in browser.screen.images {
            guard case .kitty = image.kind else { Issue.record("not a kitty placement: \(image.kind)"); continue }
            #expect(image.width == image.height && image.width >= 120 && image.width <= 240, "square thumbnail \(image.width) x \(image.height)")
        }
        #expect(browser.screen.transmissions.count == 9, "one transmission per thumbnail")
        let firstScreen = browser.screen.received.count
        browser.press(Keys.right)
        try browser.wait(for: "selection on the second image") { $0.isReversed(text: "1B_D2") }
        browser.pump(.milliseconds(300))
        #expect(browser.screen.transmissions.count == 9, "moving the selection resends no picture")
        #expect(browser.screen.images.count == 9)
        let move = browser.screen.received.count - firstScreen
        #expect(move * 10 < firstScreen, "a move (\(move) bytes) sends under 10 % of the first screen (\(firstScreen) bytes)")
        browser.press("c")
        try browser.wait(forText: "showing representations")
        try browser.wait(for: "representation thumbnails") { $0.images.count == 9 && $0.transmissions.count == 18 }
        try browser.quitExpectingSuccess()
        #expect(browser.screen.storedImages.isEmpty, "the terminal's image memory is given back")
    }

    @Test func iTermImagesArePNGsSizedInCells() throws {
        let browser = try browser(.iterm)
        try browser.wait(for: "nine inline images (eight images and the slide's overview)") { $0.images.count == 9 }
        for image in browser.screen.images {
            #expect(image.kind == .iterm)
            let decoded = try ImageFile.decode(Data(image.bytes), name: "inline image").image
            #expect(decoded.width == decoded.height && decoded.width >= 120, "a square PNG of screen pixels, \(decoded.width) px")
            #expect(image.width >= decoded.width && image.width - decoded.width < browser.screen.cell.width, "sized to whole cells")
        }
        try browser.quitExpectingSuccess()
    }

    @Test func theOverrideChoosesTheProtocol() throws {
        let sixel = try browser(.kitty, environment: ["CMIR_GRAPHICS": "sixel"])
        try sixel.wait(for: "sixel thumbnails in kitty") { $0.images.count == 9 && $0.images.allSatisfy { $0.kind == .sixel } }
        #expect(sixel.screen.transmissions.isEmpty)
        try sixel.quitExpectingSuccess()
        let blocks = try browser(.kitty, environment: ["CMIR_GRAPHICS": "blocks"])
        try blocks.wait(for: "half-block thumbnails") { screen in (2..<12).contains { screen.line($0).contains("▀▀▀▀") } }
        #expect(blocks.screen.allImages.isEmpty)
        try blocks.quitExpectingSuccess()
    }

    @Test func insideTmuxWithoutPassthroughImagesBecomeSymbols() throws {
        // No tmux server listens at this socket: `tmux show` fails, so no passthrough is assumed.
        let browser = try browser(.xterm, environment: ["TMUX": "/tmp/cmir-no-tmux-here,1,0"])
        try browser.wait(forText: "1B_B7")
        try browser.wait(for: "the first screen") { !$0.line($0.rows - 1).contains("rendering") && $0.line($0.rows - 1).contains(DemoFixture.counts) }
        #expect(browser.screen.allImages.isEmpty, "no sixel: tmux would drop it")
        #expect(!browser.output.contains("\u{1B}_G"), "no kitty query, which tmux would take for a pane title")
        try browser.quitExpectingSuccess()
    }
}
