import ArgumentParser
import CMIRKit
import CMIRTerminalHarness
import Foundation

/// The browser on a slide repository, measured in a pseudo-terminal (a sixel xterm of 140 x 45 cells by default):
/// time to the first complete screen (every slide's overview drawn), to the viewer on the first slide, and for each
/// zoom or pan step from the key to the view and the minimap both drawn anew. Rounds of zooming in to level 0,
/// panning across the slide in rows and zooming out again repeat for as many steps as asked, so resident memory is
/// watched over a long session; bursts of keys at key-repeat rate time how soon the last one is on screen.
struct SlideViewerBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "slide-viewer",
                                                    abstract: "Time the browser's first screen and slide viewer steps on a slide index; memory while panning.")

    @Option(help: "Slide index to browse.")
    var index: String

    @Option(help: "Query folder for the browser's picker.")
    var queries: String?

    @Option(help: "Terminal columns.")
    var columns = 140

    @Option(help: "Terminal rows.")
    var rows = 45

    @Option(help: "Runs (a fresh process each).")
    var runs = 3

    @Option(help: "Zoom and pan steps per run, one key at a time, each waited for.")
    var steps = 200

    @Option(help: "Bursts of pan keys per run, sent at key-repeat rate (30 per second).")
    var bursts = 10

    @Option(help: "Keys per burst.")
    var burstKeys = 8

    @Option(help: "Append the figures as a JSON line to this file (default: only the summary on stdout).")
    var json: String?

    @Option(help: "A label for the JSON line (the repository's name).")
    var label = "slides"

    var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("cmir")
    }

    func run() throws {
        var first: [Double] = [], open: [Double] = [], zooms: [Double] = [], pans: [Double] = [], settles: [Double] = []
        var peaks: [Double] = [], residents: [Double] = [], halfwayPeaks: [Double] = []
        for _ in 0..<max(1, runs) {
            let arguments = ["browse", index] + (queries.map { ["--queries", $0] } ?? [])
            let browser = try BrowserBenchmark.Run(executable: executable, arguments: arguments, columns: columns, rows: rows)
            first.append(try browser.firstScreen())

            let viewer = Viewer(browser)
            open.append(try viewer.open())
            for step in 0..<max(1, steps) {
                let (kind, milliseconds) = try viewer.step()
                (kind == .zoom ? { zooms.append(milliseconds) } : { pans.append(milliseconds) })()
                residents.append(browser.memory().resident)
                if step == steps / 2 { halfwayPeaks.append(browser.memory().peak) }
            }
            for _ in 0..<max(0, bursts) { settles.append(try viewer.burst(keys: burstKeys)) }
            peaks.append(browser.memory().peak)
            browser.pty.send("\u{1B}")
            try browser.wait("the repository again") { $0.contains("Repository") }
            try browser.quit()
        }
        let summaries = [TimingSummary(label: "first screen (start to every slide overview drawn)", milliseconds: first),
                         TimingSummary(label: "viewer opened (Enter to view and minimap drawn)", milliseconds: open),
                         TimingSummary(label: "zoom step (key to view and minimap drawn)", milliseconds: zooms),
                         TimingSummary(label: "pan step (key to view and minimap drawn)", milliseconds: pans),
                         TimingSummary(label: "zoom or pan step", milliseconds: zooms + pans),
                         TimingSummary(label: "burst of \(burstKeys) pan keys at 30/s (last key to its view drawn)", milliseconds: settles)]
        summaries.forEach { print($0.line) }
        print(String(format: "resident memory over the steps: max %.0f MB; peak (VmHWM) halfway %.0f MB, at the end %.0f MB",
                     residents.max() ?? .nan, halfwayPeaks.max() ?? .nan, peaks.max() ?? .nan))
        guard let json else { return }
        func figures(_ summary: TimingSummary) -> [String: Double] {
            ["n": Double(summary.milliseconds.count), "p50_ms": summary.percentile(0.5), "p95_ms": summary.percentile(0.95),
             "max_ms": summary.milliseconds.max() ?? .nan]
        }
        try JSONLines(path: json).write([
            "kind": "slide-viewer", "label": label, "index": index, "columns": columns, "rows": rows, "runs": runs, "steps": steps,
            "first_screen": figures(summaries[0]), "open": figures(summaries[1]), "zoom": figures(summaries[2]),
            "pan": figures(summaries[3]), "step": figures(summaries[4]), "burst": figures(summaries[5]),
            "rss_max_mb": residents.max(), "peak_halfway_mb": halfwayPeaks.max(), "peak_mb": peaks.max(),
        ])
    }

    /// Drives the viewer: reads its facts off the screen and knows a step is drawn when both images on screen are
    /// new (every step changes the view and the minimap's outline of it).
    final class Viewer {
        enum Step { case zoom, pan }
        /// Where a round is: zooming in (steps taken), panning (steps left), zooming out (steps left).
        enum Phase { case zoomingIn(Int), panning(Int), zoomingOut(Int) }

        static let zoomSteps = 6
        static let pansPerRound = 40
        let browser: BrowserBenchmark.Run
        private var phase = Phase.zoomingIn(0)
        private var across = 1, down = 1, rounds = 0

        init(_ browser: BrowserBenchmark.Run) { self.browser = browser }

        struct Facts: Equatable {
            let slideWidth: Int, slideHeight: Int
            let x: Int, y: Int, width: Int, height: Int
            /// Screen pixels per level-0 pixel, as shown ("zoom 1.41×").
            let magnification: Double
        }

        /// The facts panel's numbers ("2000 × 1500 px", "zoom 1.41×", "view 120,48 900×700"), read row by row (the
        /// screen is read after every chunk of output, so this stays cheap).
        var facts: Facts? {
            var size: [Int]?, view: [Int]?, magnification: Double?
            for row in 0..<browser.screen.rows {
                let line = browser.screen.line(row)
                if size == nil, let range = line.range(of: " px"), line.contains(" × ") {
                    size = Self.integers(line[..<range.lowerBound].split(separator: " ").suffix(3).joined(separator: " "))
                } else if view == nil, let range = line.range(of: "view ") {
                    view = Self.integers(line[range.upperBound...].split(separator: " ").prefix(2).joined(separator: " "))
                } else if magnification == nil, let range = line.range(of: "zoom "), let end = line[range.upperBound...].firstIndex(of: "×") {
                    magnification = Double(line[range.upperBound..<end])
                }
            }
            guard let size, size.count == 2, let view, view.count == 4, let magnification else { return nil }
            return Facts(slideWidth: size[0], slideHeight: size[1], x: view[0], y: view[1], width: view[2], height: view[3],
                         magnification: magnification)
        }

        /// The whole numbers in a piece of text, in order.
        static func integers(_ text: String) -> [Int] {
            text.split { !$0.isNumber }.compactMap { Int($0) }
        }

        /// Enter on the grid's selected entry (a slide); milliseconds until the viewer's view and minimap are drawn.
        func open() throws -> Double {
            try timed("\r")
        }

        /// The next step of the round, timed from the key to the new view and minimap on screen.
        func step() throws -> (Step, Double) {
            let (key, kind) = nextKey()
            return (kind, try timed(key))
        }

        /// Milliseconds from `key` until the facts have changed (on the grid there are none) and both pictures are new.
        private func timed(_ key: String) throws -> Double {
            let old = facts, before = browser.screen.images.map(\.bytes)
            let start = ContinuousClock.now
            browser.pty.send(key)
            try browser.wait("the view after \(key.debugDescription)") { screen in
                Self.bothPicturesNew(on: screen, since: before) && self.facts != old
            }
            return (ContinuousClock.now - start).milliseconds
        }

        /// Whether the view and the minimap on screen are both pictures other than `before`.
        static func bothPicturesNew(on screen: VirtualTerminal, since before: [[UInt8]]) -> Bool {
            screen.images.count == 2 && screen.images.allSatisfy { !before.contains($0.bytes) }
        }

        /// `keys` pan keys at 30 per second on along the rows of the slide (new ground, not views drawn before);
        /// milliseconds from the last key to the last output. Reads for views passed over should give way to the newest.
        func burst(keys: Int) throws -> Double {
            let before = browser.screen.images.map(\.bytes)
            var sent = ContinuousClock.now
            for _ in 0..<keys {
                browser.pty.send(nextPan())
                sent = ContinuousClock.now
                while ContinuousClock.now < sent + .milliseconds(33) { browser.pump(.milliseconds(5)) }
            }
            // Done when both pictures are new and the browser has neither written nor used the CPU for half a second.
            var ticks = browser.cpuTicks(), busy = ContinuousClock.now
            try browser.wait("the burst's last view") { screen in
                let now = self.browser.cpuTicks()
                if now != ticks { ticks = now; busy = .now }
                return Self.bothPicturesNew(on: screen, since: before)
                    && ContinuousClock.now - max(self.browser.lastOutput, busy, sent) > .milliseconds(500)
            }
            return (max(browser.lastOutput, sent) - sent).milliseconds
        }

        /// Zoom in to level 0 (5 to 7 steps, up to the closest zoom), pan in rows, zoom back out to the whole slide; repeat.
        private func nextKey() -> (String, Step) {
            switch phase {
            case .zoomingIn(let taken):
                // 5, 6 or 7 steps by turns: each round sees views the earlier ones did not (a drawn view is cached).
                if taken < Self.zoomSteps - 1 + rounds % 3, let facts, facts.magnification < 3.99 {
                    phase = .zoomingIn(taken + 1)
                    return ("+", .zoom)
                }
                phase = .panning(Self.pansPerRound)
                if let facts, facts.width >= facts.slideWidth && facts.height >= facts.slideHeight { phase = .zoomingOut(taken) }
                return nextKey()
            case .panning(let left):
                phase = left > 1 ? .panning(left - 1) : .zoomingOut(Self.zoomSteps + 1)
                return (nextPan(), .pan)
            case .zoomingOut(let left):
                guard left > 0, let facts, facts.width < facts.slideWidth || facts.height < facts.slideHeight else {
                    phase = .zoomingIn(0)
                    rounds += 1
                    return nextKey()
                }
                phase = .zoomingOut(left - 1)
                return ("-", .zoom)
            }
        }

        /// Along the row (l or h) until the slide's edge, then a row down (or up at the bottom) and back.
        private func nextPan() -> String {
            guard let facts else { return "l" }
            let canAcross = across > 0 ? facts.x + facts.width < facts.slideWidth : facts.x > 0
            if canAcross { return across > 0 ? "l" : "h" }
            across = -across
            let canDown = facts.y + facts.height < facts.slideHeight, canUp = facts.y > 0
            if !canDown && !canUp { return across > 0 ? "l" : "h" }  // a single row: back along it
            if down > 0 ? !canDown : !canUp { down = -down }
            return down > 0 ? "j" : "k"
        }
    }
}
