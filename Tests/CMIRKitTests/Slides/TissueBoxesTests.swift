import CMIRTestSupport
import Foundation
import Testing
@testable import CMIRKit

/// The boxes a slide tile is read in: disjoint, inside the tile, around every piece of tissue, and over a sparse
/// TMA far fewer pixels (margins included) than the tiles themselves.
@Suite struct TissueBoxesTests {
    @Test func boxesCoverEveryPieceOfTissueOnceAndLeaveTheGlassOut() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let generator = VirtualSlideGenerator(planner: VirtualSlidePlanner(seed: 3), micronsPerPixel: 0.5)
        _ = try generator.writeSlides(cores: SlideFixtures.cores(count: 5, side: 300), queries: ["core0"], to: folder.path)
        let slide = try Slide(path: folder.appendingPathComponent("tma-1.svs").path)
        let mask = try TissueMask(slide: slide)
        let (tile, margin) = (512, 48)
        var boxRead = 0, tileRead = 0, pieces = 0
        for y in stride(from: 0, to: slide.height, by: tile) {
            for x in stride(from: 0, to: slide.width, by: tile) {
                let rect = PixelRect(x: x, y: y, width: tile, height: tile)
                let boxes = TissueBoxes.boxes(in: rect, mask: mask, scale: 1, margin: margin, pad: 8, minimumArea: 0)
                for (i, a) in boxes.enumerated() {
                    #expect(a.x >= x && a.y >= y && a.x + a.width <= x + tile && a.y + a.height <= y + tile, "\(a) leaves \(rect)")
                    for b in boxes[(i + 1)...] {
                        #expect(a.x >= b.x + b.width || b.x >= a.x + a.width || a.y >= b.y + b.height || b.y >= a.y + a.height,
                                "\(a) and \(b) overlap")
                    }
                }
                for piece in mask.pieces(inLevelZero: rect) {
                    pieces += 1
                    #expect(boxes.contains { $0.x <= piece.box.x && $0.y <= piece.box.y
                        && $0.x + $0.width >= piece.box.x + piece.box.width && $0.y + $0.height >= piece.box.y + piece.box.height },
                            "no box holds the tissue at \(piece.box)")
                }
                boxRead += boxes.reduce(0) { $0 + ($1.width + 2 * margin) * ($1.height + 2 * margin) }
                tileRead += boxes.isEmpty ? 0 : (tile + 2 * margin) * (tile + 2 * margin)
            }
        }
        #expect(pieces >= 5)
        #expect(Double(boxRead) < 0.8 * Double(tileRead), "boxes read \(boxRead) px, whole tiles of tissue \(tileRead)")
    }

    @Test func boxesCloserThanTheirMarginsAreReadAsOne() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let generator = VirtualSlideGenerator(planner: VirtualSlidePlanner(seed: 3), micronsPerPixel: 0.5)
        _ = try generator.writeSlides(cores: SlideFixtures.cores(count: 5, side: 300), queries: ["core0"], to: folder.path)
        let slide = try Slide(path: folder.appendingPathComponent("tma-1.svs").path)
        let mask = try TissueMask(slide: slide)
        let whole = PixelRect(x: 0, y: 0, width: slide.width, height: slide.height)
        let apart = TissueBoxes.boxes(in: whole, mask: mask, scale: 1, margin: 0, pad: 0, minimumArea: 0)
        let together = TissueBoxes.boxes(in: whole, mask: mask, scale: 1, margin: slide.width, pad: 0, minimumArea: 0)
        #expect(apart.count >= 5)
        #expect(together.count == 1)
    }
}
