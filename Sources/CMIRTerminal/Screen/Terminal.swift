import CMIRKit
import CNcurses
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The full-screen terminal session: from `init` to `stop` it owns the terminal (alternate screen, raw
/// input, hidden cursor, mouse reports), shows canvases through `CanvasPainter` and writes image sequences.
/// The terminal's own strings for entering and leaving come from its terminfo entry (ncurses' terminfo
/// layer); signal handlers put everything back on Ctrl-C, crashes and suspend.
public final class Terminal {
    private var stopped = false
    private var shown: Canvas?

    /// xterm mouse reports of button presses, releases and motion while a button is held (drag in the
    /// crop tool), in SGR form (mode 1006), decoded by `InputDecoder`.
    static let mouseOn = "\u{1B}[?1002h\u{1B}[?1006h", mouseOff = "\u{1B}[?1006l\u{1B}[?1002l"

    /// Focus reports (mode 1004): tmux sends them, with its `focus-events` on, when the pane is left or shown again.
    static let focusOn = "\u{1B}[?1004h", focusOff = "\u{1B}[?1004l"

    /// Takes over the terminal; `reportFocus` asks for focus reports. Throws when standard input or output is
    /// not a terminal.
    public init(wake: WakeUpPipe, reportFocus: Bool = false) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CMIRError.input("the browser needs a terminal (standard input and output are not a tty)")
        }
        setlocale(LC_ALL, "")
        var original = termios()
        guard tcgetattr(STDIN_FILENO, &original) == 0 else { throw CMIRError.failure("cannot read the terminal modes") }
        var raw = original
        // Bytes as typed, no echo; signals (Ctrl-C, Ctrl-Z) still work; output post-processing stays.
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL | INLCR | ISTRIP)
        withUnsafeMutablePointer(to: &raw.c_cc) {
            $0.withMemoryRebound(to: cc_t.self, capacity: Int(NCCS)) { cc in
                cc[Int(VMIN)] = 1
                cc[Int(VTIME)] = 0
            }
        }
        let strings = Self.sequences(reportFocus: reportFocus)
        TerminalSignals.install(wake: wake, enter: strings.enter, leave: strings.leave, original: original, raw: raw)
        guard tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0 else {
            TerminalSignals.uninstall()
            throw CMIRError.failure("cannot set the terminal modes")
        }
        writeRaw(strings.enter)
    }

    deinit { stop() }

    /// Gives the terminal back: mouse off, cursor shown, main screen, original modes. Safe to call twice.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        TerminalSignals.leave()
        TerminalSignals.uninstall()
    }

    /// What entering and leaving write: the alternate screen and cursor strings of the terminfo entry
    /// (xterm's when there is none), autowrap off while we own the screen, mouse reports; leaving also
    /// cancels a half-written sixel (CAN) and a synchronized update.
    static func sequences(reportFocus: Bool) -> (enter: [UInt8], leave: [UInt8]) {
        var status: Int32 = 0
        let known = loadTerminfo(nil, STDOUT_FILENO, &status) == OK
        func capability(_ name: String, _ fallback: String) -> String {
            guard known, let value = tigetstr(name), Int(bitPattern: value) != -1 else { return fallback }
            return String(cString: value)
        }
        let focus = reportFocus ? (on: focusOn, off: focusOff) : (on: "", off: "")
        let enter = capability("smcup", "\u{1B}[?1049h") + capability("civis", "\u{1B}[?25l") + "\u{1B}[?7l" + mouseOn + focus.on
        let leave = "\u{18}" + mouseOff + focus.off + "\u{1B}[?2026l\u{1B}[0m\u{1B}[?7h" + capability("cnorm", "\u{1B}[?25h")
            + capability("rmcup", "\u{1B}[?1049l")
        return (Array(enter.utf8), Array(leave.utf8))
    }

    /// Columns and rows as the kernel reports them now.
    public var size: (columns: Int, rows: Int) {
        TerminalCapabilities.windowCells() ?? (80, 24)
    }

    /// Shows `canvas`: only what changed since the last one, or everything after `forget()`.
    public func show(_ canvas: Canvas) {
        writeRaw(Array(CanvasPainter.sequence(from: shown, to: canvas).utf8))
        shown = canvas
    }

    /// The screen no longer shows the last canvas (a resize, a resume): the next `show` repaints all.
    public func forget() { shown = nil }

    /// Writes bytes to the terminal, all of them.
    public func writeRaw(_ bytes: [UInt8]) {
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

/// ncurses' setupterm (declared in term.h, which the CNcurses module map does not include): reads the
/// terminfo entry of $TERM so that tigetstr answers.
@_silgen_name("setupterm")
private func loadTerminfo(_ name: UnsafePointer<CChar>?, _ descriptor: Int32, _ status: UnsafeMutablePointer<Int32>?) -> Int32

/// What the event loop reads from the terminal.
public enum InputEvent: Hashable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case wheel(MouseWheel)
    /// The terminal (or tmux pane) gained (true) or lost focus; reported only when asked for (mode 1004).
    case focus(Bool)
}
