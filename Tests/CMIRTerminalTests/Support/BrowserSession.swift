import CMIRTerminalHarness
import CMIRTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The real `cmir` running in a pseudo-terminal, with a virtual terminal reading its output and
/// answering its queries: tests type keys and wait for what a user would see.
final class BrowserSession {
    let pty: PseudoTerminal
    let screen: VirtualTerminal
    private(set) var status: Int32?

    /// Runs `cmir arguments...`, or another program that runs it (tmux) when `executable` is given.
    init(_ arguments: [String], environment: [String: String] = [:], columns: Int = 120, rows: Int = 40,
         profile: VirtualTerminal.Profile = .xterm, executable: URL = CommandRunner.executable) throws {
        screen = VirtualTerminal(columns: columns, rows: rows, profile: profile)
        // A crash report must not wait for a key (the Swift backtracer does on a terminal).
        var environment = environment
        environment["SWIFT_BACKTRACE"] = environment["SWIFT_BACKTRACE"] ?? "interactive=no"
        pty = try PseudoTerminal(executable: executable, arguments: arguments, environment: environment,
                                 columns: columns, rows: rows, cell: screen.cell)
    }

    /// Reads whatever output arrives within `timeout` and answers terminal queries.
    func pump(_ timeout: Duration = .milliseconds(50)) {
        let bytes = pty.read(timeout: timeout)
        if !bytes.isEmpty {
            screen.feed(bytes)
            let replies = screen.takeReplies()
            if !replies.isEmpty { pty.send(replies) }
        }
        if status == nil { status = pty.exitStatusIfExited() }
    }

    /// Waits until `condition` holds on the screen; fails the test with the screen's text when it never does.
    /// The screen is looked at only between synchronized updates (DEC mode 2026), as a terminal that knows them
    /// shows it: a frame that arrived in part (a slow machine writes it in several reads) is not yet on screen.
    func wait(for description: String, timeout: Duration = .seconds(30), sourceLocation: SourceLocation = #_sourceLocation,
              _ condition: (VirtualTerminal) -> Bool) throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if !screen.modes.contains(2026), condition(screen) { return }
            if status != nil { break }
            pump()
        }
        if condition(screen) { return }
        Issue.record("timed out waiting for \(description); screen:\n\(screen.text)", sourceLocation: sourceLocation)
        throw BrowserSessionError.timeout(description)
    }

    func wait(forText text: String, timeout: Duration = .seconds(30), sourceLocation: SourceLocation = #_sourceLocation) throws {
        try wait(for: "\"\(text)\"", timeout: timeout, sourceLocation: sourceLocation) { $0.contains(text) }
    }

    func press(_ keys: String...) {
        for key in keys {
            pty.send(key)
            // A lone Esc is told from an escape sequence by a short pause (ncurses' ESCDELAY).
            if key == Keys.escape { pump(.milliseconds(60)) }
        }
    }

    /// Waits for the program to end and reads what it wrote last; returns the wait status.
    func waitForExit(timeout: Duration = .seconds(20)) throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while status == nil && ContinuousClock.now < deadline { pump() }
        guard let status else {
            Issue.record("the program did not exit; it last wrote:\n\(String(decoding: screen.received.suffix(2000), as: UTF8.self))")
            throw BrowserSessionError.timeout("the program to exit")
        }
        for _ in 0..<5 { pump(.milliseconds(20)) }
        return status
    }

    /// Presses q and expects a normal exit with status 0.
    func quitExpectingSuccess(sourceLocation: SourceLocation = #_sourceLocation) throws {
        press("q")
        #expect(WaitStatus.exitCode(try waitForExit()) == 0, sourceLocation: sourceLocation)
    }

    /// The raw output as text (escape sequences included).
    var output: String { String(decoding: screen.received, as: UTF8.self) }
}

enum BrowserSessionError: Error { case timeout(String) }

/// What keys send in xterm with the keypad in application mode (ncurses turns it on).
enum Keys {
    static let up = "\u{1B}OA", down = "\u{1B}OB", right = "\u{1B}OC", left = "\u{1B}OD"
    static let shiftRight = "\u{1B}[1;2C", shiftDown = "\u{1B}[1;2B"
    static let enter = "\r", escape = "\u{1B}", tab = "\t", backspace = "\u{7F}"
    static let controlC = "\u{03}"
    static let controlBackslash = "\u{1C}"

    /// An SGR mouse report (xterm mode 1006) at a zero-based cell.
    static func mouse(_ kind: String, column: Int, row: Int) -> String {
        switch kind {
        case "press": "\u{1B}[<0;\(column + 1);\(row + 1)M"
        case "drag": "\u{1B}[<32;\(column + 1);\(row + 1)M"
        default: "\u{1B}[<0;\(column + 1);\(row + 1)m"
        }
    }

    /// An SGR report of the mouse wheel turned up (button 64) or down (65) over a zero-based cell.
    static func wheel(up: Bool, column: Int, row: Int) -> String {
        "\u{1B}[<\(up ? 64 : 65);\(column + 1);\(row + 1)M"
    }
}
