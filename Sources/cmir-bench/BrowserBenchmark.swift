import ArgumentParser
import CMIRKit
import CMIRTerminalHarness
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The browser as a user meets it, measured in a pseudo-terminal (120 x 40 cells of 10 x 20 px, a
/// sixel terminal answering the queries): time to the first complete screen (every thumbnail drawn),
/// time from Enter on the crop tool to complete results, CPU while idle, and resident memory. These are
/// the figures behind "first screen within 2 s, a search within 1 s, idle CPU under 1 %, under 400 MB".
struct BrowserBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "browser",
                                                    abstract: "Time the terminal browser's first screen and a search; idle CPU and memory.")

    @OptionGroup var target: BrowserTarget

    @Option(help: "Runs (a fresh process each).")
    var runs = 3

    @Option(help: "Seconds of idle time over which CPU use is measured.")
    var idleSeconds = 10.0

    func run() throws {
        var first: [Double] = [], search: [Double] = [], engine: [Double] = [], again: [Double] = [], againEngine: [Double] = []
        var idle: [Double] = [], rss: [Double] = [], peak: [Double] = []
        for _ in 0..<max(1, runs) {
            let run = try Run(executable: target.executable, arguments: target.arguments)
            first.append(try run.firstScreen())
            let times = try run.search()
            search.append(times.screen)
            engine.append(times.engine)
            let repeated = try run.searchAgain()
            again.append(repeated.screen)
            againEngine.append(repeated.engine)
            idle.append(run.idleCPU(seconds: idleSeconds))
            let memory = run.memory()
            rss.append(memory.resident)
            peak.append(memory.peak)
            try run.quit()
        }
        print(TimingSummary(label: "first screen (start to every thumbnail drawn)", milliseconds: first).line)
        print(TimingSummary(label: "search (Enter to complete results)", milliseconds: search).line)
        print(TimingSummary(label: "  search as the status line reports it", milliseconds: engine).line)
        print(TimingSummary(label: "search again (Esc, Enter on the crop tool)", milliseconds: again).line)
        print(TimingSummary(label: "  as the status line reports it", milliseconds: againEngine).line)
        print(String(format: "idle CPU over %.0f s: max %.2f %% (runs: %@)", idleSeconds, idle.max() ?? 0,
                     idle.map { String(format: "%.2f", $0) }.joined(separator: ", ")))
        print(String(format: "resident memory at the end: max %.0f MB; peak (VmHWM): max %.0f MB", rss.max() ?? 0, peak.max() ?? 0))
    }

    /// One browser process and the screen it draws (by default a 120 x 40 sixel xterm, the graphics detected).
    final class Run {
        let pty: PseudoTerminal
        let screen: VirtualTerminal
        let start = ContinuousClock.now
        /// When the browser last wrote anything.
        private(set) var lastOutput = ContinuousClock.now

        init(executable: URL, arguments: [String], columns: Int = 120, rows: Int = 40, profile: VirtualTerminal.Profile = .xterm,
             graphics: String? = nil) throws {
            screen = VirtualTerminal(columns: columns, rows: rows, profile: profile)
            var environment = ProcessInfo.processInfo.environment
            environment["TERM"] = "xterm-256color"
            environment["CMIR_GRAPHICS"] = graphics
            environment.removeValue(forKey: "TMUX")
            pty = try PseudoTerminal(executable: executable, arguments: arguments, environment: environment,
                                     columns: columns, rows: rows, cell: screen.cell)
        }

        func pump(_ timeout: Duration = .milliseconds(20)) {
            let bytes = pty.read(timeout: timeout)
            guard !bytes.isEmpty else { return }
            lastOutput = .now
            screen.feed(bytes)
            let replies = screen.takeReplies()
            if !replies.isEmpty { pty.send(replies) }
        }

        func wait(_ what: String, timeout: Duration = .seconds(120), until condition: (VirtualTerminal) -> Bool) throws {
            let deadline = ContinuousClock.now + timeout
            while !condition(screen) {
                let exited = pty.exitStatusIfExited() != nil
                if condition(screen) { return }
                if ContinuousClock.now > deadline || exited {
                    throw CMIRError.failure("the browser never showed \(what); screen:\n\(screen.text)")
                }
                pump()
            }
        }

        /// Complete: the status row has the facts, no image is still being rendered, and a pixel protocol's
        /// images are on screen (text graphics are part of the text).
        static func complete(_ screen: VirtualTerminal) -> Bool {
            let status = screen.line(screen.rows - 1)
            return !status.contains("rendering") && !(screen.images.isEmpty && [.xterm, .kitty, .iterm].contains(screen.profile))
        }

        func firstScreen() throws -> Double {
            try wait("the repository") { $0.line($0.rows - 1).contains(" · representation: ") && Self.complete($0) }
            return (ContinuousClock.now - start).milliseconds
        }

        /// Picks the first query, opens the crop tool, and times Enter to complete results.
        func search() throws -> (screen: Double, engine: Double) {
            try openCropTool()
            return try timedSearch()
        }

        /// Picks the first query and waits for the crop tool.
        func openCropTool() throws {
            pty.send("\r")
            try wait("the query picker") { $0.contains("Choose a query") }
            pty.send("\r")
            try wait("the crop tool") { $0.contains("Region") && Self.complete($0) }
        }

        /// Back to the crop tool and the same search once more (models loaded, caches warm).
        func searchAgain() throws -> (screen: Double, engine: Double) {
            pty.send("\u{1B}")
            try wait("the crop tool again") { $0.contains("Region") && Self.complete($0) }
            return try timedSearch()
        }

        func timedSearch() throws -> (screen: Double, engine: Double) {
            let enter = ContinuousClock.now
            pty.send("\r")
            try wait("the results") { $0.contains("Results") && $0.contains("#1 ") && Self.complete($0) }
            let elapsed = (ContinuousClock.now - enter).milliseconds
            let reported = screen.text.firstMatch(of: /searched in ([0-9.]+) s/).flatMap { Double($0.1) } ?? .nan
            return (elapsed, reported * 1000)
        }

        /// Percent of one core used while nobody types, from the process's CPU ticks in /proc.
        func idleCPU(seconds: Double) -> Double {
            let before = cpuTicks(), from = ContinuousClock.now
            while (ContinuousClock.now - from).milliseconds < seconds * 1000 { pump(.milliseconds(200)) }
            let wall = (ContinuousClock.now - from).milliseconds / 1000
            return Double(cpuTicks() - before) / Double(sysconf(Int32(_SC_CLK_TCK))) / wall * 100
        }

        func cpuTicks() -> Int {
            guard let stat = try? String(contentsOfFile: "/proc/\(pty.pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return 0 }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0)  // utime, stime
        }

        func memory() -> (resident: Double, peak: Double) {
            let status = (try? String(contentsOfFile: "/proc/\(pty.pid)/status", encoding: .utf8)) ?? ""
            func field(_ name: String) -> Double {
                guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return .nan }
                return (Double(line.split(separator: " ").dropFirst().first ?? "") ?? .nan) / 1024
            }
            return (field("VmRSS"), field("VmHWM"))
        }

        func quit() throws {
            pty.send("q")
            try wait("the exit", timeout: .seconds(20)) { _ in self.pty.exitStatusIfExited() != nil }
        }
    }
}
