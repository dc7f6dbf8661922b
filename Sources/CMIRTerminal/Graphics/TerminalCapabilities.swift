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

    /// Cell size assumed when the terminal tells nothing (a common 10 x 20 px monospace cell).
    public static let defaultCell = (width: 10, height: 20)

    public init(graphics: GraphicsMode, cellWidth: Int, cellHeight: Int, cellSizeSource: String) {
        self.graphics = graphics
        self.cellWidth = cellWidth
        self.cellHeight = cellHeight
        self.cellSizeSource = cellSizeSource
    }

    /// Probes the controlling terminal. `CMIR_GRAPHICS=sixel|blocks|none` overrides the graphics mode.
    /// Inside tmux a sixel answer is not trusted (tmux may claim sixel the outer terminal cannot draw),
    /// so blocks are used unless the override asks for sixel. Never waits longer than `timeout`.
    public static func detect(environment: [String: String] = ProcessInfo.processInfo.environment,
                              timeout: Duration = .milliseconds(250)) -> TerminalCapabilities {
        let forced = environment["CMIR_GRAPHICS"].flatMap { GraphicsMode(rawValue: $0.lowercased()) }
        var cell = windowCellSize().map { (width: $0.width, height: $0.height, source: "window size") }
        var sixel = false
        if let replies = TerminalQuery.ask("\u{1B}[16t\u{1B}[c", until: { TerminalReplies.hasDeviceAttributes($0) }, timeout: timeout) {
            let parsed = TerminalReplies(replies)
            sixel = parsed.supportsSixel
            if cell == nil, let size = parsed.cellSize { cell = (size.width, size.height, "terminal reply") }
        }
        let insideTmux = environment["TMUX"] != nil
        let graphics = forced ?? ((sixel && !insideTmux) ? .sixel : .blocks)
        let resolved = cell ?? (defaultCell.width, defaultCell.height, "default")
        return TerminalCapabilities(graphics: graphics, cellWidth: resolved.width, cellHeight: resolved.height,
                                    cellSizeSource: resolved.source)
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

/// Parses the terminal's replies to the capability queries.
struct TerminalReplies {
    let text: String
    init(_ bytes: [UInt8]) { text = String(decoding: bytes, as: UTF8.self) }

    /// True once a primary device attributes reply (`ESC [ ? ... c`) is in `bytes`.
    static func hasDeviceAttributes(_ bytes: [UInt8]) -> Bool {
        TerminalReplies(bytes).deviceAttributes != nil
    }

    /// The parameters of the primary device attributes reply.
    var deviceAttributes: [Int]? {
        guard let start = text.range(of: "\u{1B}[?") else { return nil }
        let rest = text[start.upperBound...]
        guard let end = rest.firstIndex(of: "c") else { return nil }
        let body = rest[..<end]
        guard body.allSatisfy({ $0.isNumber || $0 == ";" }) else { return nil }
        return body.split(separator: ";").compactMap { Int($0) }
    }

    /// Attribute 4 in the device attributes means sixel graphics.
    var supportsSixel: Bool { deviceAttributes?.dropFirst().contains(4) ?? false }

    /// The reply to `CSI 16 t`: `ESC [ 6 ; height ; width t`.
    var cellSize: (width: Int, height: Int)? {
        guard let start = text.range(of: "\u{1B}[6;") else { return nil }
        let rest = text[start.upperBound...]
        guard let end = rest.firstIndex(of: "t") else { return nil }
        let numbers = rest[..<end].split(separator: ";").compactMap { Int($0) }
        guard numbers.count == 2, numbers[0] > 0, numbers[1] > 0 else { return nil }
        return (numbers[1], numbers[0])
    }
}
