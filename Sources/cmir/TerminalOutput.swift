import CMIRTerminal
import Foundation

/// What the command line prints: every line passes `Canvas.printable`, so control characters in file names
/// (escape sequences a terminal would act on) come out as "?", and columns are padded by display width, so wide
/// characters keep them aligned.
enum TerminalOutput {
    /// Prints `text`, its lines kept and everything else a terminal would act on shown as "?".
    static func say(_ text: String) {
        print(text.split(separator: "\n", omittingEmptySubsequences: false).map { Canvas.printable(String($0)) }
            .joined(separator: "\n"))
    }

    /// `text` followed by spaces up to `width` display columns.
    static func padded(_ text: String, toWidth width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - Canvas.width(of: Canvas.printable(text))))
    }
}
