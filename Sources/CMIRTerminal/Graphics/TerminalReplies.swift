/// Parses the terminal's replies to the capability queries (`TerminalReplies.query`).
struct TerminalReplies {
    let text: String
    init(_ bytes: [UInt8]) { text = String(decoding: bytes, as: UTF8.self) }

    /// The id of the kitty graphics query: its reply names it, so it is told from other programs' replies.
    static let kittyQueryID = 31

    /// Everything asked at once, the device attributes last: terminals answer in order, so its reply is the
    /// sentinel that every other answer came (or never will). A kitty graphics query (a 1 x 1 RGB image that
    /// is checked but not stored), XTVERSION (the terminal's name and version), the cell size in pixels
    /// (`CSI 16 t`), primary device attributes. Terminals ignore what they do not know; but tmux and GNU screen,
    /// which answer for the outer terminal themselves, take the kitty query's APC for a pane title or the
    /// hard status line, so inside them it is not asked.
    static func query(environment: [String: String]) -> String {
        let multiplexed = environment["TMUX"] != nil || environment["STY"] != nil
        return (multiplexed ? "" : "\u{1B}_Gi=\(kittyQueryID),s=1,v=1,a=q,t=d,f=24;AAAA\u{1B}\\") + "\u{1B}[>0q" + "\u{1B}[16t" + "\u{1B}[c"
    }

    /// True once a primary device attributes reply (`ESC [ ? ... c`) is in `bytes`.
    static func hasDeviceAttributes(_ bytes: [UInt8]) -> Bool {
        TerminalReplies(bytes).deviceAttributes != nil
    }

    /// The parameters of the primary device attributes reply.
    var deviceAttributes: [Int]? {
        guard let body = field(after: "\u{1B}[?", until: "c"), body.allSatisfy({ $0.isNumber || $0 == ";" }) else { return nil }
        return body.split(separator: ";").compactMap { Int($0) }
    }

    /// Attribute 4 in the device attributes means sixel graphics.
    var supportsSixel: Bool { deviceAttributes?.dropFirst().contains(4) ?? false }

    /// The kitty graphics reply to our query: `ESC _ G i=31 ; OK ESC \` (or an error such as `ENOTSUPPORTED:`).
    var kittyGraphics: String? { field(after: "\u{1B}_Gi=\(Self.kittyQueryID);", until: "\u{1B}").map(String.init) }

    /// True when the terminal accepted the kitty graphics query.
    var supportsKitty: Bool { kittyGraphics == "OK" }

    /// The XTVERSION reply, `DCS > | name(version) ST`, e.g. "XTerm(379)", "kitty(0.26.5)", "iTerm2 3.5.0".
    var terminalVersion: String? { field(after: "\u{1B}P>|", until: "\u{1B}").map(String.init) }

    /// The reply to `CSI 16 t`: `ESC [ 6 ; height ; width t`.
    var cellSize: (width: Int, height: Int)? {
        guard let body = field(after: "\u{1B}[6;", until: "t") else { return nil }
        let numbers = body.split(separator: ";").compactMap { Int($0) }
        guard numbers.count == 2, numbers[0] > 0, numbers[1] > 0 else { return nil }
        return (numbers[1], numbers[0])
    }

    /// The text between the first `start` and the next `end` after it.
    private func field(after start: String, until end: Character) -> Substring? {
        guard let opening = text.range(of: start) else { return nil }
        let rest = text[opening.upperBound...]
        return rest.firstIndex(of: end).map { rest[..<$0] }
    }
}
