import Foundation

/// OSC 52: asks the terminal to put text on the system clipboard (xterm with `allowWindowOps`, kitty, iTerm2,
/// WezTerm, foot, ...; a terminal that does not know it ignores it).
enum ClipboardSequence {
    static func osc52(_ text: String) -> [UInt8] {
        Array("\u{1B}]52;c;\(Data(text.utf8).base64EncodedString())\u{07}".utf8)
    }
}
