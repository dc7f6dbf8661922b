import CMIRKit
@testable import CMIRTerminal
import CMIRTestSupport
import Foundation
import Testing

@Suite struct ImageRendererTests {
    static let demoImage = TestImages.checkoutRoot.appendingPathComponent("Assets/demo/bf/1B_B7.png").path

    func renderer(_ mode: GraphicsMode) -> ImageRenderer {
        ImageRenderer(mode: mode, cell: (10, 20)) { path, _, layer in
            let picture = try ImageFile.load(path).image
            return layer == .picture ? picture : try RawRepresentation().represent(picture)
        }
    }

    @Test func rendersConcurrentlyInBothModes() throws {
        for mode in [GraphicsMode.blocks, .sixel] {
            let renderer = renderer(mode)
            let boxes = (0..<16).map { (columns: 10 + $0, rows: 5 + $0 / 2) }
            let results = LRUCache<Int, Bool>(capacity: 100)
            DispatchQueue.concurrentPerform(iterations: boxes.count) { i in
                let rendered = try? renderer.render(ImageRequest(path: Self.demoImage, role: .repository),
                                                    columns: boxes[i].columns, rows: boxes[i].rows)
                results.insert(rendered.map { $0.size.columns <= boxes[i].columns && $0.size.rows <= boxes[i].rows } ?? false,
                               for: i, cost: 1)
            }
            #expect((0..<boxes.count).allSatisfy { results.value(for: $0) == true }, "\(mode)")
        }
    }
}

extension ImageRendererTests {
    /// A flat gray 100 x 100 image, so any drawn pixel stands out.
    func grayRenderer() -> ImageRenderer {
        ImageRenderer(mode: .blocks, cell: (10, 20)) { _, _, _ in Image(width: 100, height: 100, channels: 1, filledWith: 0.5) }
    }

    func pixel(_ raster: RGB8, _ x: Int, _ y: Int) -> [UInt8] {
        let i = (y * raster.width + x) * 3
        return Array(raster.bytes[i..<(i + 3)])
    }

    @Test func outlinesAreDrawnInSourceCoordinatesThroughTheCrop() {
        let renderer = grayRenderer()
        var raster = RGB8(Image(width: 50, height: 50, channels: 1, filledWith: 0.5), width: 50, height: 50)
        // The view shows source pixels 50..<100 x 50..<100 at 1:1; an outline from (60, 60) to (80, 80).
        renderer.draw([.outline(PixelRect(x: 60, y: 60, width: 20, height: 20), colour: .highlight)], on: &raster,
                      view: PixelRect(x: 50, y: 50, width: 50, height: 50))
        let yellow = [OverlayColour.highlight.red, OverlayColour.highlight.green, OverlayColour.highlight.blue]
        #expect(pixel(raster, 10, 15) == yellow && pixel(raster, 30, 20) == yellow)
        #expect(pixel(raster, 20, 20) == [128, 128, 128], "the inside stays")
        #expect(pixel(raster, 5, 5) == [128, 128, 128], "outside stays")
    }

    @Test func aFootprintTurnsAboutItsCentre() throws {
        // 40 x 20 with its unturned top-left corner at (50, 50), turned 90 degrees counter-clockwise as
        // displayed about its centre (70, 60): it covers x 60...80, y 40...80.
        let renderer = grayRenderer()
        var raster = RGB8(Image(width: 100, height: 100, channels: 1, filledWith: 0.5), width: 100, height: 100)
        renderer.draw([.footprint(MatchRegion(x: 50, y: 50, width: 40, height: 20, angle: 90), colour: .highlight)], on: &raster,
                      view: PixelRect(x: 0, y: 0, width: 100, height: 100))
        let yellow = [OverlayColour.highlight.red, OverlayColour.highlight.green, OverlayColour.highlight.blue]
        #expect(pixel(raster, 60, 60) == yellow && pixel(raster, 80, 45) == yellow, "the long sides are vertical")
        #expect(pixel(raster, 70, 40) == yellow && pixel(raster, 70, 80) == yellow, "the short sides are horizontal")
        #expect(pixel(raster, 52, 50) == [128, 128, 128] && pixel(raster, 88, 70) == [128, 128, 128], "not the unturned rectangle")
    }

    @Test func bordersAndMarkersChangeTheRenderedImage() throws {
        let renderer = grayRenderer()
        let plain = try #require(try renderer.render(ImageRequest(path: "x", role: .repository), columns: 10, rows: 5))
        let marked = try #require(try renderer.render(ImageRequest(path: "x", role: .repository,
                                                                   overlays: [.border(.trueMatch), .markers([ImageMarker(x: 50, y: 50, colour: .highlight)])]),
                                                      columns: 10, rows: 5))
        guard case .blocks(let before) = plain.payload, case .blocks(let after) = marked.payload else {
            Issue.record("blocks expected"); return
        }
        #expect(before.count == after.count)
        #expect(after.first!.contains("38;2;\(OverlayColour.trueMatch.red);\(OverlayColour.trueMatch.green);"), "green frame on the top row")
        #expect(!before.first!.contains("38;2;\(OverlayColour.trueMatch.red);\(OverlayColour.trueMatch.green);"))
        #expect(after.joined().contains("\(OverlayColour.highlight.red);\(OverlayColour.highlight.green);\(OverlayColour.highlight.blue)m"), "the marker")
    }

    @Test func unreadableImagesThrowTheLoaderError() {
        let renderer = ImageRenderer(mode: .sixel, cell: (10, 20)) { path, _, _ in try ImageFile.load(path).image }
        #expect(throws: CMIRError.input("/no/such.png: no such file")) {
            _ = try renderer.render(ImageRequest(path: "/no/such.png", role: .query), columns: 10, rows: 5)
        }
    }
}
