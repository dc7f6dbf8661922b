import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the terminal can draw and how large its cells are in pixels.
public struct TerminalCapabilities: Sendable, Equatable {
    public var graphics: GraphicsMode
    public var cellWidth: Int
    public var cellHeight: Int
    /// Where the cell size came from: "window size", "terminal reply" or "default".
    public var cellSizeSource: String
    /// Why `graphics` was chosen: the override, the reply or the environment that decided it.
    public var reason: String
    /// tmux between cmir and the terminal (nil outside tmux); images pass through it when it allows.
    public var tmux: TmuxPane?
    /// What the terminal answered to the queries, escape characters shown as `^[` (empty when nothing came).
    public var replies: String

    /// Cell size assumed when the terminal tells nothing (a common 10 x 20 px monospace cell).
    public static let defaultCell = (width: 10, height: 20)

    public init(graphics: GraphicsMode, cellWidth: Int, cellHeight: Int, cellSizeSource: String, reason: String = "given",
                tmux: TmuxPane? = nil, replies: String = "") {
        self.graphics = graphics
        self.cellWidth = cellWidth
        self.cellHeight = cellHeight
        self.cellSizeSource = cellSizeSource
        self.reason = reason
        self.tmux = tmux
        self.replies = replies
    }

    /// Probes the controlling terminal (`TerminalReplies.query`) and, inside tmux, the tmux server; chooses
    /// the graphics mode by `GraphicsDetection` (`CMIR_GRAPHICS` overrides it). Never waits longer than
    /// `timeout` for the terminal, so a terminal that answers nothing costs a quarter second, not a hang.
    public static func detect(environment: [String: String] = ProcessInfo.processInfo.environment,
                              timeout: Duration = .milliseconds(250)) -> TerminalCapabilities {
        var cell = windowCellSize().map { (width: $0.width, height: $0.height, source: "window size") }
        let query = TerminalReplies.query(environment: environment)
        let answer = TerminalQuery.ask(query, until: TerminalReplies.hasDeviceAttributes, timeout: timeout)
        let replies = answer.flatMap { $0.isEmpty ? nil : TerminalReplies($0) }
        if cell == nil, let size = replies?.cellSize { cell = (size.width, size.height, "terminal reply") }
        let tmux = TmuxPane.current(environment: environment)
        let choice = GraphicsDetection.choose(replies: replies, environment: environment, tmux: tmux)
        let resolved = cell ?? (defaultCell.width, defaultCell.height, "default")
        return TerminalCapabilities(graphics: choice.mode, cellWidth: resolved.width, cellHeight: resolved.height,
                                    cellSizeSource: resolved.source, reason: choice.reason, tmux: tmux,
                                    replies: (replies?.text ?? "").replacingOccurrences(of: "\u{1B}", with: "^["))
    }

    /// The pixel size of one cell from TIOCGWINSZ, when the terminal fills in its pixel fields.
    static func windowCellSize() -> (width: Int, height: Int)? {
        var size = winsize()
        for descriptor in [STDOUT_FILENO, STDIN_FILENO, STDERR_FILENO] where ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0 {
            if size.ws_col > 0, size.ws_row > 0, size.ws_xpixel > 0, size.ws_ypixel > 0 {
                return (Int(size.ws_xpixel) / Int(size.ws_col), Int(size.ws_ypixel) / Int(size.ws_row))
            }
        }
        return nil
    }

    /// Terminal size in cells, from TIOCGWINSZ (nil when no terminal is attached).
    public static func windowCells() -> (columns: Int, rows: Int)? {
        var size = winsize()
        for descriptor in [STDOUT_FILENO, STDIN_FILENO, STDERR_FILENO] where ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0 {
            if size.ws_col > 0, size.ws_row > 0 { return (Int(size.ws_col), Int(size.ws_row)) }
        }
        return nil
    }
}
