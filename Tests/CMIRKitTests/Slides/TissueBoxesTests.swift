import CMIRTestSupport
import Foundation
import Testing
@testable import CMIRKit

/// The boxes a slide is read in: inside the slide and at most a tile a side, around every piece of tissue, each
/// core smaller than a tile in one box, and over a sparse TMA far fewer pixels (margins included) than the tiles
/// of a grid that hold tissue.
@Suite struct TissueBoxesTests {
    private static func slide(in folder: URL) throws -> (Slide, TissueMask) {
        let generator = VirtualSlideGenerator(planner: VirtualSlidePlanner(seed: 3), micronsPerPixel: 0.5)
        _ = try generator.writeSlides(cores: SlideFixtures.cores(count: 5, side: 300), queries: ["core0"], to: folder.path)
        let slide = try Slide(path: folder.appendingPathComponent("tma-1.svs").path)
        return (slide, try TissueMask(slide: slide))
    }

    private static func holds(_ box: PixelRect, _ inner: PixelRect) -> Bool {
        box.x <= inner.x && box.y <= inner.y && box.x + box.width >= inner.x + inner.width && box.y + box.height >= inner.y + inner.height
    }

    @Test func everyCoreIsReadWholeInOneBoxAndTheGlassIsLeftOut() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (slide, mask) = try Self.slide(in: folder)
        let (tile, margin) = (512, 48)
        let boxes = TissueBoxes.boxes(mask: mask, width: slide.width, height: slide.height, scale: 1, tile: tile,
                                      margin: margin, pad: 8, minimumArea: 0)
        for box in boxes {
            #expect(box.x >= 0 && box.y >= 0 && box.x + box.width <= slide.width && box.y + box.height <= slide.height)
            #expect(box.width <= tile && box.height <= tile, "\(box) is larger than a tile")
        }
        let pieces = mask.pieces()
        #expect(pieces.count >= 5)
        for piece in pieces {
            #expect(boxes.contains { Self.holds($0, piece.box) }, "no box holds the tissue at \(piece.box)")
        }
        var gridRead = 0
        for y in stride(from: 0, to: slide.height, by: tile) {
            for x in stride(from: 0, to: slide.width, by: tile)
            where pieces.contains(where: { $0.box.intersects(PixelRect(x: x, y: y, width: tile, height: tile)) }) {
                gridRead += (tile + 2 * margin) * (tile + 2 * margin)
            }
        }
        let boxRead = boxes.reduce(0) { $0 + ($1.width + 2 * margin) * ($1.height + 2 * margin) }
        #expect(Double(boxRead) < 0.8 * Double(gridRead), "boxes read \(boxRead) px, the grid's tiles of tissue \(gridRead)")
    }

    @Test func tissueLargerThanATileIsCutIntoBoxesOfATileAtMost() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (slide, mask) = try Self.slide(in: folder)
        let boxes = TissueBoxes.boxes(mask: mask, width: slide.width, height: slide.height, scale: 1, tile: 100,
                                      margin: 0, pad: 0, minimumArea: 0)
        let pieces = mask.pieces()
        #expect(boxes.allSatisfy { $0.width <= 100 && $0.height <= 100 })
        // Each core's box is cut into parts that together cover it.
        for piece in pieces where piece.box.width > 100 {
            let parts = boxes.filter { Self.holds(piece.box, $0) }
            #expect(parts.count >= 2)
            #expect(parts.reduce(0) { $0 + $1.width * $1.height } == piece.box.width * piece.box.height)
        }
    }

    @Test func boxesCloserThanTheirMarginsAreReadAsOne() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (slide, mask) = try Self.slide(in: folder)
        let side = max(slide.width, slide.height)
        let apart = TissueBoxes.boxes(mask: mask, width: slide.width, height: slide.height, scale: 1, tile: side,
                                      margin: 0, pad: 0, minimumArea: 0)
        let together = TissueBoxes.boxes(mask: mask, width: slide.width, height: slide.height, scale: 1, tile: side,
                                         margin: side, pad: 0, minimumArea: 0)
        #expect(apart.count >= 5)
        #expect(together.count == 1)
    }
}
