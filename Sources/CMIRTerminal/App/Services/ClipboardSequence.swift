import Foundation

/// OSC 52: asks the terminal to put text on the system clipboard (xterm with `allowWindowOps`, kitty, iTerm2,
/// WezTerm, foot, ...; a terminal that does not know it ignores it).
enum ClipboardSequence {
    /// The sequence for `text`. Inside tmux it is sent twice: as it is, for tmux's own clipboard (`set-clipboard
    /// on`, which also passes it on to the terminal), and wrapped for passthrough, which reaches the terminal
    /// itself when `allow-passthrough` is on (tmux drops the wrapped copy otherwise).
    static func osc52(_ text: String, insideTmux: Bool) -> [UInt8] {
        let sequence = Array("\u{1B}]52;c;\(Data(text.utf8).base64EncodedString())\u{07}".utf8)
        return insideTmux ? sequence + TmuxPane.wrap(sequence) : sequence
    }
}
