import CMIRKit
@testable import CMIRTerminal
import CMIRTerminalHarness
import CMIRTestSupport
import Foundation
import Testing

/// The slide viewer driven in a pseudo-terminal: slides in the grid, zoom, pan, the overview, the minimap and
/// scale bar, results opened on their place, GeoJSON export, OSC 52 copy, and slides that fail to read.
@Suite(.serialized) struct SlideViewerEndToEndTests {
    static let shared = Result { try SlideRepositoryFixture() }

    func session(_ repository: SlideRepositoryFixture, graphics: String? = nil) throws -> BrowserSession {
        try BrowserSession(["browse", repository.index, "--queries", repository.queries],
                           environment: graphics.map { ["CMIR_GRAPHICS": $0] } ?? [:], columns: 120, rows: 40)
    }

    /// The first number right after `prefix` on the screen ("zoom 0.2×" -> 0.2; the title's "zoom ·" is passed over).
    static func number(after prefix: String, on screen: VirtualTerminal) -> Double? {
        for row in 0..<screen.rows {
            for piece in screen.line(row).components(separatedBy: prefix).dropFirst() {
                if let value = Double(piece.prefix { $0.isNumber || $0 == "." }) { return value }
            }
        }
        return nil
    }

    @Test func slidesShowInTheGridAndTheViewerZoomsPansAndReturns() throws {
        let repository = try Self.shared.get()
        let browser = try session(repository)
        try browser.wait(for: "two slides with their size and pixel size, and the image") { screen in
            screen.contains("tma-1") && screen.contains("tma-2") && screen.contains("photo") && screen.contains("0.5µm")
                && screen.images.count == 3
        }
        browser.press(Keys.right)  // photo, tma-1, tma-2 by name
        try browser.wait(for: "tma-1 selected") { $0.isReversed(text: "tma-1") }
        browser.press(Keys.enter)
        try Self.waitForTheViewer(on: "tma-1.svs", in: browser)
        try browser.wait(for: "the view and the minimap") { $0.contains("Slide") && $0.images.count == 2 }
        #expect(browser.screen.contains("µm") && browser.screen.contains("━"), "a scale bar")
        let overview = try #require(Self.number(after: "zoom ", on: browser.screen))
        #expect(Self.number(after: "level ", on: browser.screen).map { $0 > 0 } == true, "the overview reads a coarser level than 0")

        browser.press("+", "+", "+", "+")
        // The facts show the magnification: four steps of √2 make it four times the overview's.
        try browser.wait(for: "four steps closer, at level 0") { screen in
            screen.contains("level 0 of ") && Self.number(after: "zoom ", on: screen).map { $0 > 3.9 * overview } == true
        }
        let zoomed = try #require(Self.number(after: "zoom ", on: browser.screen))
        let before = try #require(Self.number(after: "view ", on: browser.screen))
        browser.press(Keys.right, "l")
        try browser.wait(for: "panned right") { Self.number(after: "view ", on: $0).map { $0 > before } == true }
        browser.press("-")
        try browser.wait(for: "zoomed out a step") { Self.number(after: "zoom ", on: $0).map { $0 < zoomed } == true }
        browser.press("o")
        try browser.wait(for: "the whole slide again") { Self.number(after: "zoom ", on: $0) == overview && $0.contains("view 0,0 ") }
        try browser.wait(for: "view and minimap drawn") { $0.images.count == 2 }

        browser.press("y")
        try browser.wait(forText: "copied \"tma-1.svs 0,0,")
        let text = try #require(browser.screen.line(39).split(separator: "\"").dropFirst().first.map(String.init))
        #expect(browser.output.contains("\u{1B}]52;c;\(Data(text.utf8).base64EncodedString())\u{07}"), "OSC 52 with \(text)")

        browser.press(Keys.escape)
        try browser.wait(forText: "Repository")
        #expect(browser.screen.isReversed(text: "tma-1"), "back on the slide it came from")
        browser.press(Keys.left, Keys.enter)
        try browser.wait(forText: "Choose a query")  // an ordinary image still leads to the query picker
        try browser.quitExpectingSuccess()
    }

    @Test func aResultOpensOnItsPlaceAndTheResultsExportAsGeoJSON() throws {
        let repository = try Self.shared.get()
        let browser = try session(repository, graphics: "none")
        try Self.searchTheFirstQuery(in: browser)
        try browser.wait(for: "ranked places") { $0.contains("Results") && $0.contains("#1 ") }

        browser.press("e")
        try browser.wait(forText: "as GeoJSON to ")
        let status = browser.screen.line(39)
        let path = try #require(status.range(of: "GeoJSON to ").map { String(status[$0.upperBound...]).trimmingCharacters(in: .whitespaces) })
        #expect(path.hasPrefix(repository.folder.path), "beside the index: \(path)")
        let collection = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        #expect(collection["type"] as? String == "FeatureCollection")
        let features = try #require(collection["features"] as? [[String: Any]])
        #expect(!features.isEmpty)
        let ring = try #require(((features.first?["geometry"] as? [String: Any])?["coordinates"] as? [[[Double]]])?.first)
        #expect(ring.count == 5 && ring.first == ring.last)

        browser.press("y")
        try browser.wait(for: "the place copied") { $0.line(39).contains("copied \"tma-") }
        browser.press(Keys.enter)
        try browser.wait(forText: "Inspect a match")
        browser.press(Keys.enter)
        try browser.wait(for: "the viewer on the result") { $0.contains("Slide") && $0.contains("result #1") && $0.contains("place ") }
        #expect(browser.screen.contains("verified region"))
        browser.press("q")
        try browser.wait(for: "back to the inspection") { $0.contains("Inspect a match") && $0.contains("#1 of ") }
        browser.press(Keys.escape)
        try browser.wait(for: "back to the results") { $0.contains("Results") && $0.contains("#1 ") }
        try browser.quitExpectingSuccess()
    }

    /// Side by side at the match: the query and the slide region turned upright, drawn at one size (one scale), the
    /// searched part outlined on both; `c` shows both representations and `w` the words they share.
    @Test func aPlaceStandsUprightBesideTheQueryWithRepresentationsAndWords() throws {
        let repository = try Self.shared.get()
        let browser = try session(repository)
        try Self.searchTheFirstQuery(in: browser)
        try browser.wait(for: "ranked places") { $0.contains("Results") && $0.contains("#1 ") && $0.contains("verified (") }
        browser.press(Keys.enter)
        try browser.wait(for: "the query and the upright region") { screen in
            screen.contains("Inspect a match") && screen.contains("turned ") && screen.images.count == 2
        }
        #expect(browser.screen.contains("beside the slide at the same scale"))
        let pictures = browser.screen.images.sorted { $0.column < $1.column }
        #expect(pictures[0].width == pictures[1].width && pictures[0].height == pictures[1].height,
                "the same part of the query's pixels at the same size: \(pictures.map { ($0.width, $0.height) })")
        #expect(pictures[0].width > 300, "drawn large")

        let sent = browser.screen.allImages.count
        browser.press("c")
        try browser.wait(for: "both representations") { screen in
            screen.contains("representation · beside") && screen.images.count == 2 && screen.allImages.count >= sent + 2
        }
        browser.press("w")
        try browser.wait(for: "the shared words counted") { $0.text.contains(/\d+ shared words/) }
        let words = try #require(browser.screen.text.firstMatch(of: /(\d+) shared words/).map { Int($0.1)! })
        #expect(words > 0, "the query and the region around its match share words")
        try browser.quitExpectingSuccess()
    }

    @Test func theMouseWheelZoomsAboutThePointer() throws {
        let repository = try Self.shared.get()
        let browser = try session(repository, graphics: "none")
        try browser.wait(forText: "tma-2")
        browser.press(Keys.right, Keys.enter)
        try browser.wait(for: "the viewer on tma-1") { $0.contains("tma-1.svs") && Self.number(after: "zoom ", on: $0) != nil }
        let overview = try #require(Self.number(after: "zoom ", on: browser.screen))
        // Two turns up with the pointer near the view's top-left corner: twice as close, the view towards the corner.
        browser.press(Keys.wheel(up: true, column: 6, row: 4), Keys.wheel(up: true, column: 6, row: 4))
        try browser.wait(for: "two steps closer") { Self.number(after: "zoom ", on: $0).map { abs($0 - 2 * overview) < 0.02 * overview } == true }
        let towardsCorner = try #require(Self.viewOrigin(on: browser.screen))
        browser.press("o", "+", "+")
        try browser.wait(for: "the same zoom about the centre") { screen in
            Self.number(after: "zoom ", on: screen).map { abs($0 - 2 * overview) < 0.02 * overview } == true
                && Self.viewOrigin(on: screen).map { $0 != towardsCorner } == true
        }
        let centred = try #require(Self.viewOrigin(on: browser.screen))
        #expect(towardsCorner[0] < centred[0] || towardsCorner[1] < centred[1], "\(towardsCorner) against \(centred) about the centre")
        browser.press(Keys.wheel(up: false, column: 6, row: 4), Keys.wheel(up: false, column: 6, row: 4))
        try browser.wait(for: "the whole slide again") { Self.number(after: "zoom ", on: $0) == overview && $0.contains("view 0,0 ") }
        browser.press(Keys.escape)
        try browser.wait(forText: "Repository")
        try browser.quitExpectingSuccess()
    }

    /// The viewer's facts for `slide` (its header is read in the background: until then the status line says
    /// "opening tma-1.svs…").
    static func waitForTheViewer(on slide: String, in browser: BrowserSession) throws {
        try browser.wait(for: "the viewer on \(slide)") { $0.contains(slide) && $0.contains("level ") && $0.contains("view ") }
    }

    /// From the repository grid: the first query of the picker, uncropped, searched.
    static func searchTheFirstQuery(in browser: BrowserSession) throws {
        try browser.wait(forText: "tma-2")
        browser.press("o")
        try browser.wait(forText: "Choose a query")
        browser.press(Keys.enter)
        try browser.wait(forText: "Crop the query")
        browser.press(Keys.enter)
    }

    /// The view's top-left corner in the viewer's facts ("view 120,48 900×700").
    static func viewOrigin(on screen: VirtualTerminal) -> [Int]? {
        guard let row = screen.row(containing: "view "), let found = screen.line(row).firstMatch(of: #/view ([0-9]+),([0-9]+) /#),
              let x = Int(found.1), let y = Int(found.2) else { return nil }
        return [x, y]
    }

    @Test func resultTilesOfPlacesShowTheOutlinedRegionAndTheSlideInset() throws {
        let repository = try Self.shared.get()
        let browser = try session(repository)
        try Self.searchTheFirstQuery(in: browser)
        try browser.wait(for: "ranked places") { $0.contains("Results") && $0.contains("#1 ") }
        // The query and a tile for every result shown ("#2 tma-1" under each).
        let tileLabel = try Regex("#[0-9]+ (tma-|photo)")
        let labelled = { (screen: VirtualTerminal) in (0..<screen.rows).reduce(0) { $0 + screen.line($1).matches(of: tileLabel).count } }
        try browser.wait(for: "the query and every result's tile") { $0.images.count == 1 + labelled($0) && $0.images.count > 1 }

        var places = 0, verified = 0
        for image in browser.screen.images {
            guard let (label, score) = Self.tile(under: image, on: browser.screen),
                  let slide = ["tma-1", "tma-2"].first(where: label.contains) else { continue }
            places += 1
            let raster = try SixelDecoder.decode(image.bytes)
            let border = max(3, raster.width / 60)
            if score.hasPrefix("verified") {
                // The verified region's green outline around the tile's centre: met going out from the centre each way
                // before the edge (where a true match's green border runs).
                verified += 1
                let (cx, cy) = (raster.width / 2, raster.height / 2)
                for (dx, dy) in [(1, 0), (-1, 0), (0, 1), (0, -1)] {
                    let met = (1..<(min(raster.width, raster.height) / 2 - border - 1)).contains { step in
                        Self.isGreen(Self.rgb(raster, cx + dx * step, cy + dy * step))
                    }
                    #expect(met, "\(label): the green outline \(dx),\(dy) of the centre")
                }
            }
            // The slide's overview in the bottom-right corner: its dark frame and the place marked in yellow.
            let file = try Slide(path: repository.slides.appendingPathComponent(slide + ".svs").path)
            let inset = SlideInset(slideWidth: file.width, slideHeight: file.height, mark: PixelRect(x: 0, y: 0, width: 1, height: 1))
            let frame = try #require(inset.layout(width: raster.width, height: raster.height, margin: border)?.frame)
            // (A place by the slide's top edge has its mark over the frame there.)
            let top = (frame.x..<(frame.x + frame.width)).filter { x in
                Self.isDark(Self.rgb(raster, x, frame.y)) || Self.isYellow(Self.rgb(raster, x, frame.y))
            }.count
            #expect(top == frame.width, "\(label): the inset's frame along its top edge (\(top) of \(frame.width) px)")
            let marked = (frame.y..<(frame.y + frame.height)).contains { y in
                (frame.x..<(frame.x + frame.width)).contains { Self.isYellow(Self.rgb(raster, $0, y)) }
            }
            #expect(marked, "\(label): the place marked on the overview")
        }
        #expect(places >= 2 && verified >= 1, "\(places) places, \(verified) verified")
        try browser.quitExpectingSuccess()
    }

    /// The label under a thumbnail ("#1 tma-2", in the rows below the image, at its column) and the score line under it.
    static func tile(under image: VirtualTerminal.ShownImage, on screen: VirtualTerminal) -> (label: String, score: String)? {
        let bottom = image.row + (image.height + screen.cell.height - 1) / screen.cell.height
        func text(_ row: Int) -> String { String(Array(screen.line(row)).dropFirst(image.column)) }
        guard let row = (bottom..<min(screen.rows - 1, bottom + 2)).first(where: { text($0).hasPrefix("#") }) else { return nil }
        return (text(row).split(separator: " ").prefix(2).joined(separator: " "), text(row + 1))
    }

    static func rgb(_ raster: RGB8, _ x: Int, _ y: Int) -> (r: Int, g: Int, b: Int) {
        let i = (y * raster.width + x) * 3
        return (Int(raster.bytes[i]), Int(raster.bytes[i + 1]), Int(raster.bytes[i + 2]))
    }

    // The fixture's tissue is near gray: saturated green and yellow can only be drawn.
    static func isGreen(_ c: (r: Int, g: Int, b: Int)) -> Bool { c.g > c.r + 100 && c.g > c.b + 80 }
    static func isYellow(_ c: (r: Int, g: Int, b: Int)) -> Bool { c.r > 180 && c.g > 150 && c.b < c.g - 100 }
    static func isDark(_ c: (r: Int, g: Int, b: Int)) -> Bool { max(c.r, c.g, c.b) < 60 }

    @Test func aSlideThatFailsToReadGivesAStatusLineAndTheBrowserKeepsWorking() throws {
        let repository = try SlideRepositoryFixture()
        defer { try? FileManager.default.removeItem(at: repository.folder) }
        let browser = try session(repository)
        try browser.wait(forText: "tma-2")
        // Opened while readable, then cut short: the tiles zooming in needs cannot be read.
        browser.press(Keys.right, Keys.right, Keys.enter)
        try Self.waitForTheViewer(on: "tma-2.svs", in: browser)
        try repository.truncate(repository.slide(2), to: 0.3)
        browser.press("+", "+", "+", "+", "+")
        try browser.wait(for: "the read error on the status line") { $0.line(39).contains("cannot read the slide") }
        browser.press(Keys.escape)
        try browser.wait(forText: "Repository")

        // Another slide cut short: whether its open handle (kept from its thumbnail) or a fresh open finds out (the
        // overview may come from tiles the thumbnail left in the cache; zooming in needs new ones), the status line
        // names it, and Esc and the grid keep working.
        try repository.truncate(repository.slide(1), to: 0.3)
        browser.press(Keys.left, Keys.enter)
        try browser.wait(for: "the viewer or the error") { $0.contains("level ") || $0.line(39).contains("cannot") }
        if !browser.screen.line(39).contains("cannot") { browser.press("+", "+", "+", "+") }
        try browser.wait(for: "the error on the status line") { $0.line(39).contains("tma-1.svs") && $0.line(39).contains("cannot") }
        browser.press(Keys.escape)
        try browser.wait(forText: "Repository")
        browser.press(Keys.left)
        try browser.wait(for: "the selection moves on") { $0.isReversed(text: "photo") }
        try browser.quitExpectingSuccess()
    }
}
