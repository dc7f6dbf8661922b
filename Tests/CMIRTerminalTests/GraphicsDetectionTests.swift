@testable import CMIRTerminal
import Testing

@Suite struct GraphicsDetectionTests {
    static let xterm = "\u{1B}P>|XTerm(379)\u{1B}\\\u{1B}[6;20;10t\u{1B}[?63;1;2;4;6;9;15;16;22;28c"
    static let kitty = "\u{1B}_Gi=31;OK\u{1B}\\\u{1B}P>|kitty(0.26.5)\u{1B}\\\u{1B}[?62;c"
    static let wezterm = "\u{1B}_Gi=31;ENOTSUPPORTED:\u{1B}\\\u{1B}P>|WezTerm 20230712\u{1B}\\\u{1B}[?65;4;6;18;22c"
    static let plain = "\u{1B}[?62;22c"

    static func replies(_ text: String) -> TerminalReplies { TerminalReplies(Array(text.utf8)) }

    static func mode(_ text: String?, _ environment: [String: String] = [:], tmux: TmuxPane? = nil) -> GraphicsMode {
        GraphicsDetection.choose(replies: text.map(replies), environment: environment, tmux: tmux).mode
    }

    @Test func repliesAreParsed() throws {
        let xterm = Self.replies(Self.xterm)
        #expect(xterm.terminalVersion == "XTerm(379)")
        #expect(xterm.supportsSixel && !xterm.supportsKitty)
        let cell = try #require(xterm.cellSize)
        #expect(cell.width == 10 && cell.height == 20)
        #expect(Self.replies(Self.kitty).supportsKitty)
        #expect(Self.replies(Self.kitty).deviceAttributes == [62])
        #expect(Self.replies(Self.wezterm).kittyGraphics == "ENOTSUPPORTED:")
        #expect(!Self.replies(Self.wezterm).supportsKitty)
        #expect(TerminalReplies.hasDeviceAttributes(Array(Self.plain.utf8)))
        #expect(!TerminalReplies.hasDeviceAttributes(Array("\u{1B}_Gi=31;OK\u{1B}\\".utf8)), "the kitty reply alone is not the sentinel")
    }

    @Test func theKittyQueryIsNotSentInsideMultiplexersThatTakeItsAPCForATitle() {
        #expect(TerminalReplies.query(environment: [:]).hasPrefix("\u{1B}_Gi=31,"))
        for inside in [["TMUX": "/tmp/tmux-0/default,1,0"], ["STY": "1234.pts-0.host"]] {
            let query = TerminalReplies.query(environment: inside)
            #expect(!query.contains("\u{1B}_G") && query.hasSuffix("\u{1B}[c"), "\(inside)")
        }
    }

    @Test func eachTerminalGetsItsBestProtocol() {
        #expect(Self.mode(Self.kitty) == .kitty)
        #expect(Self.mode(Self.wezterm) == .iterm, "XTVERSION names WezTerm")
        #expect(Self.mode(Self.plain, ["TERM_PROGRAM": "iTerm.app"]) == .iterm)
        #expect(Self.mode(Self.xterm) == .sixel)
        #expect(Self.mode(Self.plain) == .symbols)
    }

    @Test func aTerminalThatAnswersNothingGetsSymbolsAndSaysWhy() {
        let silent = GraphicsDetection.choose(replies: nil, environment: [:], tmux: nil)
        #expect(silent.mode == .symbols)
        #expect(silent.reason.contains("no query"))
        let partial = GraphicsDetection.choose(replies: Self.replies("\u{1B}[6;20;10t"), environment: [:], tmux: nil)
        #expect(partial.mode == .symbols && partial.reason.contains("device attributes"))
    }

    @Test func theOverrideWinsAndAWrongOneIsReportedAndIgnored() {
        for mode in GraphicsMode.allCases { #expect(Self.mode(Self.kitty, ["CMIR_GRAPHICS": mode.rawValue.uppercased()]) == mode) }
        let wrong = GraphicsDetection.choose(replies: Self.replies(Self.xterm), environment: ["CMIR_GRAPHICS": "png"], tmux: nil)
        #expect(wrong.mode == .sixel && wrong.reason.contains("not one of kitty|iterm|sixel|symbols|blocks|none"))
    }

    @Test func insideTmuxImagesNeedPassthroughAndFollowTheOuterTerminal() {
        let inside = ["TMUX": "/tmp/tmux-0/default,1,0"]
        var pane = TmuxPane(passthrough: false, top: 0, left: 0, clientTerm: "xterm", clientType: "XTerm(379)", clientFeatures: "256,sixel")
        // tmux answers the queries itself: its sixel claim says nothing about the outer terminal.
        #expect(Self.mode(Self.xterm, inside, tmux: pane) == .symbols)
        #expect(GraphicsDetection.choose(replies: nil, environment: inside, tmux: pane).reason.contains("allow-passthrough on"))
        #expect(Self.mode(Self.xterm, inside, tmux: nil) == .symbols, "a tmux that does not answer")
        pane.passthrough = true
        #expect(Self.mode(Self.plain, inside, tmux: pane) == .sixel)
        pane.clientTerm = "xterm-kitty"; pane.clientType = "kitty(0.26.5)"; pane.clientFeatures = ""
        #expect(Self.mode(Self.plain, inside, tmux: pane) == .kitty)
        pane.clientTerm = "screen"; pane.clientType = ""
        #expect(Self.mode(Self.plain, inside, tmux: pane) == .symbols)
    }
}
