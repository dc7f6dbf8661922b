import CMIRKit
import CMIRTerminal
import CMIRTerminalHarness
import CMIRTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `cmir browse` driven in a pseudo-terminal: keys in, screen contents and exit status out.
@Suite(.serialized) struct BrowserEndToEndTests {
    func session(_ extra: [String] = [], environment: [String: String] = [:], columns: Int = 120, rows: Int = 40,
                 profile: VirtualTerminal.Profile = .xterm) throws -> BrowserSession {
        let index = try DemoFixture.index.get()
        return try BrowserSession(["browse", index, "--queries", DemoFixture.queries] + extra, environment: environment,
                                  columns: columns, rows: rows, profile: profile)
    }

    @Test func walkthroughFromRepositoryToInspectionAndQuit() throws {
        let browser = try session(environment: ["CMIR_GRAPHICS": "none"])
        // Repository: every demo image and the slide by name, the index facts in the status line.
        try browser.wait(for: "all repository names") { screen in
            (DemoFixture.stems + [DemoFixture.slide]).allSatisfy { screen.contains(String($0.prefix(14))) }
        }
        #expect(browser.screen.line(39).contains(DemoFixture.counts))
        #expect(browser.screen.line(39).contains("vocabulary"))
        #expect(browser.screen.modes.contains(1049), "the browser runs on the alternate screen")

        // Filter by name.
        browser.press("/", "X0")
        try browser.wait(forText: "filter: /X0")
        browser.press(Keys.enter)
        try browser.wait(for: "only the X0 images") { !$0.contains("1B_B7") && $0.contains("X01Y15") && $0.contains("X05Y15") }
        browser.press("/", Keys.escape)
        try browser.wait(forText: "1B_B7")

        // Query picker, crop tool.
        browser.press(Keys.enter)
        try browser.wait(forText: "Choose a query")
        try browser.wait(forText: "1B_B7.png")
        browser.press(Keys.enter)
        try browser.wait(forText: "Crop the query")
        try browser.wait(forText: "384 × 384 px")
        browser.press("-")
        try browser.wait(forText: "349 × 349 px")
        browser.press(Keys.right, Keys.down)
        try browser.wait(forText: "x 30, y 30")
        browser.press("0")
        try browser.wait(forText: "the whole image")

        // Search (re-ranking on): ranked results with their agreeing pairs, and the true match.
        browser.press(Keys.enter)
        try browser.wait(forText: "Results")
        try browser.wait(for: "eight ranked results") { screen in (1...8).allSatisfy { screen.contains("#\($0) ") } }
        #expect(browser.screen.contains("verified ("))
        #expect(browser.screen.contains("true match is #"))
        let count = try #require(browser.screen.line(39).firstMatch(of: /(\d+) results in/).map { Int($0.1)! })

        // Inspection of the first match, then help, then quit.
        browser.press(Keys.enter)
        try browser.wait(forText: "Inspect a match")
        try browser.wait(forText: "#1 of \(count)")
        browser.press("w")
        try browser.wait(forText: "shared words")
        browser.press("?")
        try browser.wait(forText: "Keys: Inspect a match")
        #expect(browser.screen.contains("matched visual words on / off"))
        browser.press("x")
        try browser.wait(for: "help closed") { !$0.contains("Keys: Inspect a match") }
        browser.press("q")
        let status = try browser.waitForExit()
        #expect(WaitStatus.exitCode(status) == 0)
        #expect(!browser.screen.modes.contains(1049), "left the alternate screen")
        #expect(browser.screen.modes.contains(25), "cursor shown again")
    }
}

extension BrowserEndToEndTests {
    /// Decodes a captured sixel sequence with libsixel.
    static func decodedSize(_ image: VirtualTerminal.ShownImage) throws -> (width: Int, height: Int) {
        let decoded = try SixelEncoderTests.decode(image.bytes)
        return (decoded.width, decoded.height)
    }

    @Test func sixelThumbnailsHaveTheGridSizeAndStayWhenTheSelectionMoves() throws {
        let browser = try session()
        // The eight images and the slide's overview.
        try browser.wait(for: "nine sixel thumbnails") { $0.images.count == 9 }
        let cell = browser.screen.cell
        for image in browser.screen.images {
            let size = try Self.decodedSize(image)
            #expect(size.width == image.width && size.height == image.height, "raster attributes match the pixels")
            #expect(size.height % 6 == 0, "whole sixel bands")
            #expect(size.width % cell.width == 0, "a whole number of cells wide")
            #expect(abs(size.width - size.height) <= 6, "the square demo images and slide stay square")
            #expect(size.width >= 120 && size.width <= 240, "thumbnail size \(size.width)")
            let lastRow = image.row + (size.height + cell.height - 1) / cell.height - 1
            #expect(lastRow < browser.screen.rows - 1, "images keep off the last row")
        }
        let sent = browser.screen.allImages.count
        browser.press(Keys.right)
        try browser.wait(for: "selection on the second image") { $0.isReversed(text: "1B_D2") }
        browser.pump(.milliseconds(300))
        #expect(browser.screen.images.count == 9, "no thumbnail was damaged")
        #expect(browser.screen.allImages.count == sent, "moving the selection resends no image")
        browser.press("c")
        try browser.wait(forText: "showing representations")
        try browser.wait(for: "representation thumbnails") { $0.images.count == 9 && $0.allImages.count >= sent + 9 }
        try browser.quitExpectingSuccess()
    }

    @Test func tooSmallThenResized() throws {
        let browser = try session(environment: ["CMIR_GRAPHICS": "none"], columns: 50, rows: 12)
        try browser.wait(forText: "Terminal too small")
        try browser.wait(forText: "have 50 × 12")
        browser.screen.resize(columns: 100, rows: 30)
        browser.pty.resize(columns: 100, rows: 30)
        try browser.wait(for: "the grid after the resize") { $0.contains("1B_B7") && !$0.contains("Terminal too small") }
        #expect(browser.screen.line(29).contains(DemoFixture.counts))
        try browser.quitExpectingSuccess()
    }

    @Test(arguments: [SIGINT, SIGQUIT, SIGTERM, SIGSEGV, SIGABRT])
    func signalsRestoreTheTerminal(signal: Int32) throws {
        let browser = try session(environment: ["CMIR_GRAPHICS": "none"])
        try browser.wait(forText: "1B_B7")
        #expect(browser.screen.modes.contains(1049))
        switch signal {
        case SIGINT: browser.press(Keys.controlC)
        case SIGQUIT: browser.press(Keys.controlBackslash)
        default: browser.pty.signal(signal)
        }
        let start = ContinuousClock.now
        let status = try browser.waitForExit()
        if signal == SIGQUIT {
            // A quit, not a crash: no crash report, no backtrace, no wait for one.
            let output = String(decoding: browser.screen.received, as: UTF8.self).lowercased()
            #expect(!output.contains("crash") && !output.contains("backtrace"), "\(output.suffix(300))")
            #expect(ContinuousClock.now - start < .seconds(5))
        }
        #expect(WaitStatus.exitCode(status) != 0, "a signal is not a normal exit")
        #expect(!browser.screen.modes.contains(1049), "left the alternate screen after signal \(signal)")
        #expect(browser.screen.modes.contains(25), "cursor shown after signal \(signal)")
        #expect(!browser.screen.modes.contains(1002), "mouse reporting off after signal \(signal)")
    }

    /// The test's child leads its own session, an orphaned process group that SIGTSTP cannot stop; so
    /// this checks the round trip in the output: the terminal given back, taken again, and repainted.
    @Test func suspendGivesTheTerminalBackAndResumeTakesItAgain() throws {
        let browser = try session(environment: ["CMIR_GRAPHICS": "none"])
        try browser.wait(forText: "1B_B7")
        let before = browser.screen.received.count
        browser.pty.signal(SIGTSTP)
        try browser.wait(for: "a repaint after resuming") { screen in
            let after = String(decoding: screen.received[before...], as: UTF8.self)
            guard let left = after.range(of: "\u{1B}[?1049l"), let entered = after.range(of: "\u{1B}[?1049h", range: left.upperBound..<after.endIndex) else {
                return false
            }
            return after[entered.upperBound...].contains("\u{1B}[2J") && screen.contains("1B_B7")
        }
        #expect(browser.screen.modes.contains(1049) && !browser.screen.modes.contains(25))
        try browser.quitExpectingSuccess()
    }

    @Test func mouseDragDrawsAndMovesTheCropRectangle() throws {
        let browser = try croppingTheFirstQuery()
        let image = browser.screen.images[0]
        // Drag over 30 x 15 cells from 10 x 5 cells inside the image's top-left corner.
        browser.press(Keys.mouse("press", column: image.column + 10, row: image.row + 5),
                      Keys.mouse("drag", column: image.column + 25, row: image.row + 12),
                      Keys.mouse("release", column: image.column + 40, row: image.row + 20))
        let pixelsPerColumn = Double(browser.screen.cell.width) * 384 / Double(image.width)
        let pixelsPerRow = Double(browser.screen.cell.height) * 384 / Double(image.height)
        let expectedWidth = Int(30 * pixelsPerColumn), expectedHeight = Int(15 * pixelsPerRow)
        try browser.wait(for: "a dragged rectangle of about \(expectedWidth) × \(expectedHeight) px") { screen in
            guard let size = Self.regionSize(in: screen) else { return false }
            return abs(size.width - expectedWidth) <= 2 && abs(size.height - expectedHeight) <= 2
        }
        let before = try #require(Self.origin(in: browser.screen.text))
        // Press inside the rectangle and drag it 6 columns right: it moves, keeping its size.
        browser.press(Keys.mouse("press", column: image.column + 20, row: image.row + 10),
                      Keys.mouse("drag", column: image.column + 23, row: image.row + 10),
                      Keys.mouse("release", column: image.column + 26, row: image.row + 10))
        try browser.wait(for: "the rectangle moved") { screen in
            guard let origin = Self.origin(in: screen.text) else { return false }
            return abs(origin.x - before.x - Int(6 * pixelsPerColumn)) <= 2 && origin.y == before.y
        }
        try browser.quitExpectingSuccess()
    }

    @Test func movingTheCropRectangleNeverBlanksTheImage() throws {
        let browser = try croppingTheFirstQuery()
        for key in ["-", Keys.right, Keys.down, "+"] {
            let sent = browser.screen.allImages.count
            var fewest = browser.screen.images.count
            browser.press(key)
            try browser.wait(for: "the redrawn query after \(key.debugDescription)") { screen in
                fewest = min(fewest, screen.images.count)
                return screen.allImages.count > sent && screen.images.count == 1
            }
            #expect(fewest == 1, "the old image stays until the new one is drawn (\(key.debugDescription))")
        }
        try browser.quitExpectingSuccess()
    }

    /// A sixel browser on the crop tool with the first demo query drawn large.
    func croppingTheFirstQuery() throws -> BrowserSession {
        let browser = try session()
        try browser.wait(forText: "1B_B7")
        browser.press(Keys.enter)
        try browser.wait(forText: "1B_B7.png")
        browser.press(Keys.enter)
        try browser.wait(forText: "the whole image")
        try browser.wait(for: "the query drawn large") { $0.images.count == 1 && $0.images[0].width > 400 }
        return browser
    }

    /// "W × H px" of the region in the crop tool's panel (the line under "x X, y Y").
    static func regionSize(in screen: VirtualTerminal) -> (width: Int, height: Int)? {
        guard let row = (0..<screen.rows).first(where: { screen.line($0).contains(/x \d+, y \d+/) }), row + 1 < screen.rows,
              let match = screen.line(row + 1).firstMatch(of: /(\d+) × (\d+) px/) else { return nil }
        return (Int(match.1)!, Int(match.2)!)
    }

    /// "x X, y Y" of the region panel.
    static func origin(in text: String) -> (x: Int, y: Int)? {
        guard let match = text.firstMatch(of: /x (\d+), y (\d+)/) else { return nil }
        return (Int(match.1)!, Int(match.2)!)
    }

    @Test func savingACropWritesAPNGNamedAfterTheQuery() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let crops = folder.appendingPathComponent("crops").path
        let browser = try session(["--crops", crops], environment: ["CMIR_GRAPHICS": "none"])
        try browser.wait(forText: "1B_B7")
        browser.press(Keys.enter)
        try browser.wait(forText: "1B_B7.png")
        browser.press(Keys.down, Keys.enter)
        try browser.wait(forText: "1B_D2.png")
        browser.press("-", "-", Keys.right, "s")
        try browser.wait(forText: "saved")
        let saved = (crops as NSString).appendingPathComponent("1B_D2.png")
        #expect(browser.screen.text.contains(/saved \d+,\d+ 317×317 as/), "the status line names the region and file")
        let image = try ImageFile.load(saved).image
        #expect(image.width == 317 && image.height == 317)
        try browser.quitExpectingSuccess()
    }

    @Test func typingAPathWithTabCompletion() throws {
        let browser = try session(environment: ["CMIR_GRAPHICS": "none"])
        try browser.wait(forText: "1B_B7")
        browser.press(Keys.enter)
        try browser.wait(forText: "1B_B7.png")
        browser.press("p")
        try browser.wait(forText: "Path of a query image:")
        #expect(browser.screen.contains(DemoFixture.queries + "/"), "starts in the query folder")
        browser.press("1B_")
        browser.press(Keys.tab)
        try browser.wait(forText: "1B_H7.png")
        #expect(browser.screen.contains("1B_D2.png"), "the choices are listed")
        browser.press("H", Keys.tab)
        try browser.wait(forText: DemoFixture.queries + "/1B_H7.png█")
        browser.press(Keys.enter)
        try browser.wait(forText: "Crop the query")
        #expect(browser.screen.contains("1B_H7.png"))
        try browser.quitExpectingSuccess()
    }
}

extension BrowserEndToEndTests {
    /// The demo's CoMIR index of eight images and the slide takes about 40 s of CPU: minutes on a loaded machine.
    static let demoBuildTimeout: Duration = .seconds(300)

    /// Index files in the demo cache folder.
    static func demoIndexes(in cache: URL) -> [URL] {
        let folder = cache.appendingPathComponent("cmir")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix("demo-") && $0.hasSuffix(".cmirindex") }.map { folder.appendingPathComponent($0) }
    }

    @Test func theDemoIndexIsBuiltOnFirstStartAndReusedAfter() throws {
        let cache = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: cache) }
        let environment = ["XDG_CACHE_HOME": cache.path, "CMIR_GRAPHICS": "none"]
        let first = try BrowserSession([], environment: environment)
        try first.wait(forText: "Building the demo index", timeout: .seconds(30))
        try first.wait(for: "the repository after the build", timeout: Self.demoBuildTimeout) { $0.contains("1B_B7") && $0.contains(DemoFixture.counts) }
        try first.quitExpectingSuccess()
        let built = Self.demoIndexes(in: cache)
        #expect(built.count == 1, "one index in \(cache.path)/cmir")
        let index = try #require(built.first)
        let stamp = try FileManager.default.attributesOfItem(atPath: index.path)[.modificationDate] as? Date

        let second = try BrowserSession([], environment: environment)
        try second.wait(for: "the repository at once") { $0.contains("1B_B7") && $0.contains(DemoFixture.counts) }
        #expect(!second.output.contains("Building the demo index"), "the second start reuses the index")
        try second.quitExpectingSuccess()
        #expect(Self.demoIndexes(in: cache) == built)
        #expect(try FileManager.default.attributesOfItem(atPath: index.path)[.modificationDate] as? Date == stamp, "left untouched")
    }

    /// The demo as `make demo` opens it (CoMIR, its index built in a fresh cache): the first SHG query finds its BF
    /// image, and lists its core on the demo slide among the results, placed where scripts/make-demo-slide put it.
    @Test func aDemoQueryFindsItsCoreOnTheDemoSlide() throws {
        let cache = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: cache) }
        let browser = try BrowserSession([], environment: ["XDG_CACHE_HOME": cache.path, "CMIR_GRAPHICS": "none"])
        try browser.wait(for: "the repository after the build", timeout: Self.demoBuildTimeout) { screen in
            screen.contains(DemoFixture.slide) && screen.contains(DemoFixture.counts)
        }
        browser.press(Keys.enter)
        try browser.wait(forText: "1B_B7.png")
        browser.press(Keys.enter)
        try browser.wait(forText: "Crop the query")
        browser.press(Keys.enter)
        try browser.wait(for: "the results") { $0.contains("Results") && $0.line(39).contains(" results in ") }
        #expect(browser.screen.contains("✓ true match is #"), "the BF image is among the results")
        #expect(browser.screen.text.contains(/#\d+ tma-demo/), "a place on the slide is among the results")

        // Where the results place the query on the slide (the export holds every placed result in level-0 pixels).
        browser.press("e")
        try browser.wait(forText: "as GeoJSON to ")
        let exported = cache.appendingPathComponent("cmir/1B_B7.geojson")
        let collection = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: exported)) as? [String: Any])
        let features = try #require(collection["features"] as? [[String: Any]])
        let onSlide = features.filter { Self.properties($0)["slide"] as? String == DemoFixture.slide + ".svs" }
        let best = try #require(onSlide.min { Self.rank($0) < Self.rank($1) }, "a placed result on the slide")
        #expect(Self.properties(best)["verified"] as? Bool == true)
        let ring = try #require(((best["geometry"] as? [String: Any])?["coordinates"] as? [[[Double]]])?.first)
        let centre = (x: ring.dropLast().map { $0[0] }.reduce(0, +) / 4, y: ring.dropLast().map { $0[1] }.reduce(0, +) / 4)
        let truth = try #require(try SlideTruthTable.parse(String(contentsOfFile: DemoFixture.slideTruth, encoding: .utf8),
                                                           source: DemoFixture.slideTruth).first { $0.query == "1B_B7" })
        // The evaluation's rule: within half the query's side (384 px) of the core's centre.
        #expect(hypot(centre.x - truth.x, centre.y - truth.y) <= 192, "placed at \(centre), the core lies at \(truth.x), \(truth.y)")
        try browser.quitExpectingSuccess()
    }

    /// A GeoJSON feature's properties, and its result's rank among them.
    static func properties(_ feature: [String: Any]) -> [String: Any] { feature["properties"] as? [String: Any] ?? [:] }
    static func rank(_ feature: [String: Any]) -> Int { properties(feature)["rank"] as? Int ?? .max }
}
