import CMIRKit
import CMIRTerminal
import Foundation
import Synchronization

/// Draws the engine's progress as a one-line bar on stderr when stderr is a terminal; silent otherwise
/// (pipes, logs, tests), so output stays clean where nobody watches.
final class TerminalProgressBar: ProgressReporter, Sendable {
    private let enabled: Bool
    private let width = 30
    /// The line drawn last (a repeat is not drawn again).
    private let lastLine = Mutex("")

    init(enabled: Bool = isatty(STDERR_FILENO) != 0) {
        self.enabled = enabled
    }

    func report(stage: String, done: Int, total: Int, detail: String) {
        guard enabled else { return }
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let note = Canvas.printable(detail.count > 30 ? String(detail.prefix(29)) + "…" : detail)
        let line = "\(stage.padding(toLength: 10, withPad: " ", startingAt: 0)) [\(bar)] \(done)/\(total) \(note)"
        lastLine.withLock { lastLine in
            guard line != lastLine else { return }
            lastLine = line
            // \r returns to the line start, \u{1B}[K clears what a longer previous line left behind.
            var text = "\r\(line)\u{1B}[K"
            if total > 0 && done >= total { text += "\n"; lastLine = "" }
            FileHandle.standardError.write(Data(text.utf8))
        }
    }
}
