import CMIRTerminalHarness
import CMIRTestSupport
import Foundation
import Testing

/// cmir inside a real tmux (a server of its own) inside the virtual xterm: with passthrough its sixel pictures
/// reach the outer terminal, unwrapped by tmux, at the pane's cells, and so does the clipboard sequence of `y`;
/// without, it draws symbols and says why.
@Suite(.serialized) struct TmuxEndToEndTests {
    /// `tmux new-session cmir arguments...` with these tmux options; the server is stopped when the test ends.
    final class Tmux {
        let socket: String
        let session: BrowserSession

        init(options: [String], cmir arguments: [String]) throws {
            let folder = TestImages.temporaryDirectory()
            let config = folder.appendingPathComponent("tmux.conf")
            try (options.joined(separator: "\n") + "\n").write(to: config, atomically: true, encoding: .utf8)
            socket = folder.appendingPathComponent("s").path
            session = try BrowserSession(["-S", socket, "-f", config.path, "new-session", CommandRunner.executable.path] + arguments,
                                         executable: URL(fileURLWithPath: "/usr/bin/tmux"))
        }

        deinit {
            let stop = Process()
            stop.executableURL = URL(fileURLWithPath: "/usr/bin/tmux")
            stop.arguments = ["-S", socket, "kill-server"]
            stop.standardError = FileHandle.nullDevice
            try? stop.run()
            stop.waitUntilExit()
        }
    }

    @Test func withPassthroughSixelPicturesReachTheOuterTerminalBelowAStatusLineAtTheTop() throws {
        let index = try DemoFixture.index.get()
        let tmux = try Tmux(options: ["set -g allow-passthrough on", "set -g status-position top"],
                            cmir: ["browse", index, "--queries", DemoFixture.queries])
        let browser = tmux.session
        // The eight images and the slide's overview.
        try browser.wait(for: "nine sixel thumbnails through tmux", timeout: .seconds(60)) { screen in
            screen.images.count == 9 && screen.images.allSatisfy { $0.kind == .sixel }
        }
        let title = try #require(browser.screen.row(containing: "Repository"))
        #expect(title == 1, "tmux's status line is row 0")
        // cmir's rows: its title, the selection bar, then the first row of thumbnails.
        #expect(browser.screen.images.map(\.row).min() == title + 2, "pictures placed in the pane's rows, not tmux's")
        browser.press("q")
    }

    @Test func afterAWindowSwitchTheFocusReportBringsThePicturesBack() throws {
        let index = try DemoFixture.index.get()
        let tmux = try Tmux(options: ["set -g allow-passthrough on", "set -g focus-events on", "set -g status off"],
                            cmir: ["browse", index, "--queries", DemoFixture.queries])
        let browser = tmux.session
        browser.pty.send("\u{1B}[I")  // the outer terminal has the focus
        try browser.wait(for: "nine sixel thumbnails through tmux", timeout: .seconds(60)) { $0.images.count == 9 }
        browser.pump(.milliseconds(300))
        let sent = browser.screen.allImages.count
        browser.press("\u{02}c")  // tmux: a new window, whose repaint erases the pictures
        try browser.wait(for: "the new window") { $0.images.isEmpty && !$0.contains("Repository") }
        browser.press("\u{02}p")  // back to cmir's window: tmux repaints its text, cmir its pictures
        try browser.wait(for: "the pictures again") { $0.contains("Repository") && $0.images.count == 9 }
        #expect(browser.screen.allImages.count >= sent + 9)
    }

    @Test func withPassthroughTheClipboardSequenceReachesTheOuterTerminal() throws {
        let repository = try SlideViewerEndToEndTests.shared.get()
        // tmux's own clipboard off: only the wrapped copy can reach the terminal.
        let tmux = try Tmux(options: ["set -g allow-passthrough on", "set -g set-clipboard off", "set -g status off"],
                            cmir: ["browse", repository.index, "--queries", repository.queries])
        let browser = tmux.session
        try browser.wait(forText: "tma-2", timeout: .seconds(60))
        browser.press(Keys.right, Keys.enter)
        try SlideViewerEndToEndTests.waitForTheViewer(on: "tma-1.svs", in: browser)
        browser.press("y")
        try browser.wait(forText: "copied \"tma-1.svs ")
        let row = try #require(browser.screen.row(containing: "copied \""))
        let text = try #require(browser.screen.line(row).split(separator: "\"").dropFirst().first.map(String.init))
        // tmux forwards the sequence on its own schedule, possibly after the status line that says it was sent.
        let sequence = "\u{1B}]52;c;\(Data(text.utf8).base64EncodedString())\u{07}"
        try browser.wait(for: "OSC 52 with \(text), unwrapped by tmux") { _ in browser.output.contains(sequence) }
        browser.press("q", "q")
    }

    @Test func withoutPassthroughSymbolsAndTheReason() throws {
        let tmux = try Tmux(options: ["set -g allow-passthrough off", "set -g remain-on-exit on", "set -g status off"],
                            cmir: ["info", "--terminal"])
        try tmux.session.wait(forText: "graphics: symbols (inside tmux without allow-passthrough")
        try tmux.session.wait(forText: "replies: ")
        #expect(tmux.session.screen.contains("replies: ^[P>|tmux "), "tmux answered the queries itself:\n\(tmux.session.screen.text)")
        #expect(tmux.session.screen.allImages.isEmpty)
    }
}
