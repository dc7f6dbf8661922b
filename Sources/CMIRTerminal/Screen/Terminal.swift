import CMIRKit
import CNcurses
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The full-screen terminal session over ncursesw: it owns the screen from `init` to `stop`, copies
/// canvases to it and writes image sequences beside ncurses. Everything that touches ncurses lives here.
public final class Terminal {
    private let window: UnsafeMutablePointer<WINDOW>
    private let screen: OpaquePointer
    private let output: UnsafeMutablePointer<FILE>
    private let input: UnsafeMutablePointer<FILE>
    private var stopped = false

    /// xterm mouse reports of button presses, releases and motion while a button is held (drag in the
    /// crop tool), in SGR form (mode 1006): decoded by `InputDecoder`, not by ncurses.
    private static let mouseOn = "\u{1B}[?1002h\u{1B}[?1006h", mouseOff = "\u{1B}[?1006l\u{1B}[?1002l"

    /// Takes over the terminal for output: alternate screen, no echo, mouse reports on, cursor hidden,
    /// signal handlers that restore it. Input is read from standard input by the caller (`InputDecoder`). Throws when standard input or output is not a terminal.
    public init(wake: WakeUpPipe) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CMIRError.input("the browser needs a terminal (standard input and output are not a tty)")
        }
        setlocale(LC_ALL, "")
        var modes = termios()
        let haveModes = tcgetattr(STDIN_FILENO, &modes) == 0
        guard let output = fdopen(dup(STDOUT_FILENO), "w"), let input = fdopen(dup(STDIN_FILENO), "r") else {
            throw CMIRError.failure("cannot open the terminal streams")
        }
        // Our SIGWINCH handler goes in first, so ncurses leaves resizing to us (it installs its own only
        // when none is set).
        TerminalSignals.installWakeHandlers(wake: wake)
        guard let screen = newterm(nil, output, input) else {
            TerminalSignals.uninstall()
            fclose(output); fclose(input)
            let name = ProcessInfo.processInfo.environment["TERM"] ?? "(unset)"
            throw CMIRError.input("cannot use the terminal type TERM=\(name)")
        }
        self.screen = screen
        self.output = output
        self.input = input
        set_term(screen)
        guard let window = newwin(0, 0, 0, 0) else { throw CMIRError.failure("ncurses cannot create a window") }
        self.window = window
        cbreak()
        noecho()
        nonl()
        // No hardware scrolling or character insert/delete: they would shift image pixels ncurses cannot see.
        idlok(window, false)
        idcok(window, false)
        scrollok(window, false)
        leaveok(window, true)
        curs_set(0)
        set_escdelay(25)
        if has_colors() {
            start_color()
            use_default_colors()
            let pairs: [(TextColour, Int16)] = [(.accent, Int16(COLOR_CYAN)), (.good, Int16(COLOR_GREEN)),
                                                 (.warning, Int16(COLOR_YELLOW)), (.error, Int16(COLOR_RED)),
                                                 (.dim, colourCount() >= 16 ? 8 : -1)]
            for (colour, foreground) in pairs { init_pair(Int16(colour.rawValue), foreground, -1) }
        }
        writeRaw(Array(Self.mouseOn.utf8))
        TerminalSignals.installRestoreHandlers(restore: Self.restoreSequence(), modes: haveModes ? modes : nil)
    }

    deinit { stop() }

    /// Gives the terminal back: mouse off, cursor shown, main screen, original modes. Safe to call twice.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        writeRaw(Array((Self.mouseOff + "\u{1B}[0m").utf8))
        curs_set(1)
        delwin(window)
        endwin()
        TerminalSignals.uninstall()
        delscreen(screen)
        fclose(output)
        fclose(input)
    }

    /// What a signal handler writes when the program dies: cancel a half-written sixel, mouse and
    /// synchronized output off, plain attributes, cursor on, main screen.
    static func restoreSequence() -> [UInt8] {
        var text = "\u{18}" + mouseOff + "\u{1B}[?2026l\u{1B}[0m"
        for capability in ["cnorm", "rmcup"] { text += terminfoString(capability) ?? "" }
        if terminfoString("cnorm") == nil { text += "\u{1B}[?25h" }
        return Array(text.utf8)
    }

    private static func terminfoString(_ name: String) -> String? {
        guard let value = tigetstr(name), Int(bitPattern: value) != -1 else { return nil }
        return String(cString: value)
    }

    /// Columns and rows as the kernel reports them now.
    public var size: (columns: Int, rows: Int) {
        if let cells = TerminalCapabilities.windowCells() { return cells }
        return (Int(getmaxx(window)), Int(getmaxy(window)))
    }

    /// Tells ncurses the new size after SIGWINCH.
    public func resize() -> (columns: Int, rows: Int) {
        let now = size
        resizeterm(Int32(now.rows), Int32(now.columns))
        wresize(window, Int32(now.rows), Int32(now.columns))
        return now
    }

    /// Copies `canvas` into ncurses and shows it. A full repaint clears the screen first (after a resize,
    /// or to wipe stray images); otherwise ncurses sends only what changed.
    public func show(_ canvas: Canvas, fullRepaint: Bool) {
        for row in 0..<canvas.rows {
            var column = 0
            let cells = Array(canvas.cells(ofRow: row))
            while column < cells.count {
                let style = cells[column].style
                var run: [wchar_t] = []
                var end = column
                // The bottom-right cell is never written: some terminals scroll when it is.
                let limit = row == canvas.rows - 1 ? cells.count - 1 : cells.count
                while end < limit, cells[end].style == style {
                    if !cells[end].isContinuation {
                        run += cells[end].character.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
                    }
                    end += 1
                }
                if end == column { break }
                apply(style)
                wmove(window, Int32(row), Int32(column))
                run.withUnsafeBufferPointer { _ = waddnwstr(window, $0.baseAddress, Int32($0.count)) }
                column = end
            }
        }
        wattr_set(window, 0, 0, nil)
        if fullRepaint { clearok(window, true) }
        wnoutrefresh(window)
        doupdate()
    }

    private func apply(_ style: CellStyle) {
        var attributes: attr_t = 0
        if style.bold { attributes |= attr_t(1) << (13 + 8) }
        if style.reverse { attributes |= attr_t(1) << (10 + 8) }
        let pair = has_colors() && style.colour != .normal ? Int16(style.colour.rawValue) : 0
        wattr_set(window, attributes, pair, nil)
    }

    /// Writes bytes straight to the terminal (image sequences), after ncurses' own output.
    public func writeRaw(_ bytes: [UInt8]) {
        fflush(output)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBufferPointer { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return
            }
            offset += written
        }
    }
}

/// What the event loop reads from the terminal.
public enum InputEvent: Hashable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
}

private func colourCount() -> Int { Int(tigetnum("colors")) }
