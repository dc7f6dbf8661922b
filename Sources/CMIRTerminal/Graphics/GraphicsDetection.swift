/// Chooses how images are drawn from what the terminal answered, what tmux says and the environment,
/// and says why in one line (for `cmir info --terminal` and bug reports).
enum GraphicsDetection {
    /// `replies` is nil when nothing answered within the timeout (or there is no terminal).
    static func choose(replies: TerminalReplies?, environment: [String: String], tmux: TmuxPane?) -> (mode: GraphicsMode, reason: String) {
        if let value = environment["CMIR_GRAPHICS"] {
            if let forced = GraphicsMode(rawValue: value.lowercased()) { return (forced, "CMIR_GRAPHICS=\(value)") }
            let (mode, reason) = choose(replies: replies, environment: environment.filter { $0.key != "CMIR_GRAPHICS" }, tmux: tmux)
            return (mode, "CMIR_GRAPHICS=\(value) is not one of \(GraphicsMode.choices), ignored; \(reason)")
        }
        if environment["TMUX"] != nil {
            guard let tmux else { return (.symbols, "inside tmux, which did not answer `tmux show` (no images)") }
            guard tmux.passthrough else {
                return (.symbols, "inside tmux without allow-passthrough (tmux set -g allow-passthrough on enables images)")
            }
            let outer = "outer terminal \(tmux.clientTerm) \(tmux.clientType) [\(tmux.clientFeatures)]"
            guard let mode = tmux.outerGraphics else { return (.symbols, "inside tmux with passthrough; \(outer) names no image protocol") }
            return (mode, "inside tmux with passthrough; \(outer)")
        }
        guard let replies else { return (.symbols, "the terminal answered no query within the timeout") }
        if replies.supportsKitty { return (.kitty, "the terminal accepted the kitty graphics query") }
        let version = replies.terminalVersion ?? ""
        if ["iterm2", "wezterm"].contains(where: version.lowercased().contains) {
            return (.iterm, "XTVERSION names \(version)")
        }
        if let program = environment["TERM_PROGRAM"], ["iTerm.app", "WezTerm"].contains(program) {
            return (.iterm, "TERM_PROGRAM=\(program)")
        }
        if replies.supportsSixel { return (.sixel, "device attributes list 4 (sixel)") }
        if replies.deviceAttributes == nil { return (.symbols, "the terminal did not answer the device attributes query") }
        return (.symbols, "no image protocol in the terminal's replies")
    }
}
