import ArgumentParser
import CMIRKit
import CMIRTerminalHarness
import Foundation

/// Bytes the browser writes to the terminal per screen in each graphics mode: what a user pays over SSH. The
/// bundled demo in a 120 x 40 pseudo-terminal of 10 x 20 px cells, answering as the protocol's terminal would:
/// the first screen (start to every thumbnail drawn), a move of the selection there, a results screen (Enter on
/// the crop tool to complete results) and a move of the selection among the results.
struct GraphicsBandwidthBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "graphics-bytes",
                                                    abstract: "Bytes written per screen by the browser in each graphics mode.")

    @OptionGroup var target: BrowserTarget

    /// Each mode and the terminal model that answers for it.
    static let modes: [(mode: String, profile: VirtualTerminal.Profile)] = [
        ("kitty", .kitty), ("iterm", .iterm), ("sixel", .xterm), ("symbols", .plain), ("blocks", .plain),
    ]

    func run() throws {
        print("mode | first screen, bytes | selection move, bytes (share of the first screen) | results screen, bytes | selection move in results, bytes")
        for (mode, profile) in Self.modes {
            let run = try BrowserBenchmark.Run(executable: target.executable, arguments: target.arguments, profile: profile, graphics: mode)
            _ = try run.firstScreen()
            let first = run.settledBytes()
            let move = try run.bytes { try run.moveSelection() }
            try run.openCropTool()
            let results = try run.bytes { _ = try run.timedSearch() }
            let resultsMove = try run.bytes { try run.moveSelection() }
            try run.quit()
            print(String(format: "%@ | %d | %d (%.2f %%) | %d | %d", mode, first, move, Double(move) / Double(first) * 100,
                         results, resultsMove))
        }
    }
}

extension BrowserBenchmark.Run {
    /// Bytes received once nothing more arrives for half a second.
    func settledBytes() -> Int {
        var count = -1
        while count != screen.received.count {
            count = screen.received.count
            let until = ContinuousClock.now + .milliseconds(500)
            while ContinuousClock.now < until { pump() }
        }
        return count
    }

    /// Bytes received from the start of `action` until the screen settles.
    func bytes(_ action: () throws -> Void) throws -> Int {
        let before = settledBytes()
        try action()
        return settledBytes() - before
    }

    /// Moves the selection one step right and waits until the status row is back to normal.
    func moveSelection() throws {
        let selected = screen.text
        pty.send("\u{1B}OC")
        try wait("the selection to move") { $0.text != selected && Self.complete($0) }
    }
}
