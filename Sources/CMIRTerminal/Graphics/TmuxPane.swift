import Foundation

/// tmux between cmir and the terminal. tmux keeps its own screen of text and drops image sequences unless
/// its `allow-passthrough` option is on; then a sequence wrapped as `DCS tmux; ... ST` (every ESC doubled)
/// reaches the outer terminal as it is, at the outer terminal's cursor: so images are positioned in the
/// outer terminal's coordinates, offset by where this pane sits.
public struct TmuxPane: Sendable, Equatable {
    /// Whether the pane's `allow-passthrough` is on (or `all`).
    public var passthrough: Bool
    /// The pane's top-left cell on the outer terminal (below a status line at the top).
    public var top: Int
    public var left: Int
    /// What tmux knows of the outer terminal: its TERM, its XTVERSION reply, its features (e.g. "sixel").
    public var clientTerm: String
    public var clientType: String
    public var clientFeatures: String

    /// Asks the tmux server about this pane; nil outside tmux or when tmux does not answer within `timeout`.
    public static func current(environment: [String: String], timeout: Duration = .milliseconds(500)) -> TmuxPane? {
        guard environment["TMUX"] != nil else { return nil }
        let target = environment["TMUX_PANE"].map { ["-t", $0] } ?? []
        let format = "#{pane_top}\t#{pane_left}\t#{client_termname}\t#{client_termtype}\t#{client_termfeatures}\t#{status}\t#{status-position}"
        guard let allowed = TmuxCommand.output(["show", "-Apv"] + target + ["allow-passthrough"], environment: environment, timeout: timeout),
              let shown = TmuxCommand.output(["display", "-p"] + target + [format], environment: environment, timeout: timeout)
        else { return nil }
        let fields = shown.trimmingCharacters(in: .newlines).split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 7, let top = Int(fields[0]), let left = Int(fields[1]) else { return nil }
        // `status` is on, off or a number of lines; pane positions count from below a status at the top.
        let statusLines = fields[6] == "top" ? (fields[5] == "on" ? 1 : Int(fields[5]) ?? 0) : 0
        let value = allowed.trimmingCharacters(in: .whitespacesAndNewlines)
        return TmuxPane(passthrough: value == "on" || value == "all", top: top + statusLines, left: left,
                        clientTerm: fields[2], clientType: fields[3], clientFeatures: fields[4])
    }

    /// The outer terminal's best protocol as tmux describes it; nil when it names none.
    public var outerGraphics: GraphicsMode? {
        let name = (clientTerm + " " + clientType).lowercased()
        if name.contains("kitty") || name.contains("ghostty") { return .kitty }
        if name.contains("iterm2") || name.contains("wezterm") { return .iterm }
        if clientFeatures.split(separator: ",").contains("sixel") || name.contains("mlterm") || name.contains("xterm(") {
            return .sixel
        }
        return nil
    }

    /// `bytes` wrapped for passthrough, drawn at a cell of this pane: the outer terminal's cursor is saved,
    /// moved to the cell, and restored after.
    public func wrap(_ bytes: [UInt8], column: Int, row: Int) -> [UInt8] {
        Self.wrap(Array("\u{1B}7\u{1B}[\(top + row + 1);\(left + column + 1)H".utf8) + bytes + Array("\u{1B}8".utf8))
    }

    /// `bytes` wrapped for passthrough, as tmux requires: `ESC P tmux ;`, the bytes with each ESC doubled, `ESC \`.
    public static func wrap(_ bytes: [UInt8]) -> [UInt8] {
        var wrapped = Array("\u{1B}Ptmux;".utf8)
        wrapped.reserveCapacity(bytes.count + bytes.count / 64 + 12)
        for byte in bytes {
            if byte == 0x1B { wrapped.append(0x1B) }
            wrapped.append(byte)
        }
        return wrapped + Array("\u{1B}\\".utf8)
    }
}
