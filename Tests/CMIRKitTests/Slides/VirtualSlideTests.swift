import CMIRTestSupport
import Foundation
import Testing
@testable import CMIRKit

/// The generator: the slides it writes open through OpenSlide with the levels and microns per pixel written, the
/// cores lie where the plan says, and the plan keeps every core on one slide.
@Suite struct VirtualSlideTests {
    static let cores = SlideFixtures.cores(count: 5)

    /// Writes one small slide (5 cores of 128 px) into a fresh folder; the caller removes the folder.
    static func writeSlide(mpp: Double = 0.25) throws -> (folder: URL, layout: VirtualSlideLayout) {
        let folder = TestImages.temporaryDirectory()
        let generator = VirtualSlideGenerator(planner: VirtualSlidePlanner(seed: 3), micronsPerPixel: mpp)
        let layouts = try generator.writeSlides(cores: cores, queries: ["core0", "core1"], to: folder.path)
        return (folder, try #require(layouts.first))
    }

    @Test func generatedSlideOpensWithTheLevelsAndMicronsPerPixelWritten() throws {
        let (folder, layout) = try Self.writeSlide(mpp: 0.25)
        defer { try? FileManager.default.removeItem(at: folder) }
        let slide = try Slide(path: folder.appendingPathComponent("tma-1.svs").path)
        #expect(slide.vendor == "aperio")
        #expect(slide.width == layout.width && slide.height == layout.height)
        #expect(slide.levels.count == layout.levelCount && slide.levels.count >= 2)
        for (k, level) in slide.levels.enumerated() {
            #expect(level.width == layout.width >> k && level.height == layout.height >> k)
            #expect(abs(level.downsample - Double(1 << k)) < 0.02 * Double(1 << k))
        }
        let mpp = try #require(slide.micronsPerPixel)
        #expect(mpp.x == 0.25 && mpp.y == 0.25)
    }

    @Test func regionAroundACoreMatchesTheRotatedSource() throws {
        let (folder, layout) = try Self.writeSlide()
        defer { try? FileManager.default.removeItem(at: folder) }
        let slide = try Slide(path: folder.appendingPathComponent("tma-1.svs").path)
        let placed = layout.placements.filter { !$0.isDecoy }
        #expect(placed.count == Self.cores.count)
        for placement in placed {
            let x0 = Int(placement.centreX) - 64, y0 = Int(placement.centreY) - 64
            let region = try slide.readRegion(level: 0, x: x0, y: y0, width: 128, height: 128)
            let expected = SlideFixtures.expectedRegion(of: Self.cores[placement.core].image, placement: placement,
                                                        x0: x0, y0: y0, width: 128, height: 128)
            let cx = placement.centreX - Double(x0) - 0.5, cy = placement.centreY - Double(y0) - 0.5
            let r = SlideFixtures.correlation(SlideFixtures.disc(region, cx: cx, cy: cy, radius: 56),
                                              SlideFixtures.disc(expected, cx: cx, cy: cy, radius: 56))
            #expect(r > 0.9, "\(placement.name) at \(placement.angleDegrees) degrees: correlation \(r)")
        }
    }

    @Test func coarserLevelsShowTheSameCores() throws {
        let (folder, layout) = try Self.writeSlide()
        defer { try? FileManager.default.removeItem(at: folder) }
        let slide = try Slide(path: folder.appendingPathComponent("tma-1.svs").path)
        let whole = try slide.readRegion(level: 0, x: 0, y: 0, width: slide.width, height: slide.height)
        let coarse = try slide.readRegion(level: 1, x: 0, y: 0, width: slide.levels[1].width, height: slide.levels[1].height)
        let shrunk = whole.resized(width: coarse.width, height: coarse.height)
        let r = SlideFixtures.correlation(shrunk.grayscale().pixels, coarse.grayscale().pixels)
        #expect(r > 0.95, "level 1 against level 0 shrunk: \(r) (\(layout.width) x \(layout.height))")
    }

    @Test func everyCoreLiesOnOneSlideAndDecoysCopyNoQuery() throws {
        let cores = (0..<7).map { VirtualSlidePlanner.Core(name: "c\($0)", width: 512, height: 512) }
        let queries: Set<String> = ["c0", "c1", "c2", "c3"]
        let planner = VirtualSlidePlanner(slides: 3, megapixels: 30, seed: 5)
        let layouts = planner.plan(cores: cores, queries: queries)
        #expect(layouts.map(\.name) == ["tma-1", "tma-2", "tma-3"])
        let real = layouts.flatMap { $0.placements.filter { !$0.isDecoy }.map(\.name) }
        #expect(real.sorted() == cores.map(\.name).sorted())
        for layout in layouts {
            for placement in layout.placements where placement.isDecoy {
                #expect(!queries.contains(placement.name) && placement.variant != 0)
            }
            for placement in layout.placements {
                #expect(abs(placement.angleDegrees) <= 30)
                #expect(placement.centreX - 256 >= 0 && placement.centreX + 256 <= Double(layout.width))
                #expect(placement.centreY - 256 >= 0 && placement.centreY + 256 <= Double(layout.height))
            }
            for (i, a) in layout.placements.enumerated() {
                for b in layout.placements[(i + 1)...] {
                    #expect(hypot(a.centreX - b.centreX, a.centreY - b.centreY) >= 512, "discs overlap on \(layout.name)")
                }
            }
        }
        let megapixels = layouts.reduce(0.0) { $0 + Double($1.width * $1.height) / 1e6 }
        #expect(megapixels > 24 && megapixels < 40, "\(megapixels) MP")
        #expect(planner.plan(cores: cores, queries: queries) == layouts)
        #expect(VirtualSlidePlanner(slides: 3, megapixels: 30, seed: 6).plan(cores: cores, queries: queries) != layouts)
    }

    @Test func truthPointsAtTheQueriesOnTheSlides() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try SlideFixtures.writeSourceFolders(folder, count: 6, queries: 4, side: 160)
        let out = folder.appendingPathComponent("out")
        let generator = VirtualSlideGenerator(planner: VirtualSlidePlanner(slides: 2, seed: 9))
        let repository = try generator.generate(sourceDirectory: folder.appendingPathComponent("bf").path,
                                                outputDirectory: out.path, queryNames: ["core0", "core1", "core2", "core3"],
                                                shgDirectory: folder.appendingPathComponent("shg").path, patch: 48)
        #expect(repository.queryImages == 8)
        for table in ["truth-full", "truth-patch"] {
            let path = out.appendingPathComponent(table + ".csv").path
            let rows = try SlideTruthTable.parse(try String(contentsOfFile: path, encoding: .utf8), source: path)
            #expect(rows.map(\.query) == ["core0", "core1", "core2", "core3"])
            for row in rows {
                // The query image, as it lies on the slide: the slide region around the truth point, compared with
                // the query rotated by its core's angle.
                let placement = try #require(repository.layouts.first { $0.name == row.slide }?.placements
                    .first { $0.name == row.query && !$0.isDecoy })
                let query = try ImageFile.load(out.appendingPathComponent("queries/\(table == "truth-full" ? "full" : "patch")/\(row.query).png").path).image
                let slide = try Slide(path: out.appendingPathComponent("slides/\(row.slide).svs").path)
                let side = 40, x0 = Int(row.x) - side / 2, y0 = Int(row.y) - side / 2
                let region = try slide.readRegion(level: 0, x: x0, y: y0, width: side, height: side)
                let shifted = CorePlacement(core: 0, name: row.query, isDecoy: false, variant: 0,
                                            angleDegrees: placement.angleDegrees, centreX: row.x, centreY: row.y,
                                            sourceWidth: query.width, sourceHeight: query.height)
                let expected = SlideFixtures.expectedRegion(of: query, placement: shifted, x0: x0, y0: y0, width: side, height: side)
                let c = Double(side) / 2 - 0.5
                let r = SlideFixtures.correlation(SlideFixtures.disc(region, cx: c, cy: c, radius: 18),
                                                  SlideFixtures.disc(expected, cx: c, cy: c, radius: 18))
                #expect(r > 0.9, "\(table) \(row.query): correlation \(r)")
            }
        }
    }
}
