import CMIRKit
import CMIRTerminal
import Testing

@Suite struct CropRectangleTests {
    @Test func movesStopAtTheImageEdge() {
        var crop = CropRectangle(imageWidth: 320, imageHeight: 200)
        crop.move(dx: 1, dy: 1, step: 6)
        #expect(crop.rect == PixelRect(x: 0, y: 0, width: 320, height: 200), "a whole-image rectangle cannot move")
        crop.scale(-1)
        crop.move(dx: -100, dy: 100, step: 6)
        #expect(crop.rect.x == 0 && crop.rect.y + crop.rect.height == 200)
    }

    @Test func resizingKeepsAMinimumAndTheImageBounds() {
        var crop = CropRectangle(imageWidth: 100, imageHeight: 100)
        crop.resize(dw: -100, dh: -100, step: 3)
        #expect(crop.rect.width == 16 && crop.rect.height == 16)
        crop.resize(dw: 1000, dh: 0, step: 3)
        #expect(crop.rect.width == 100)
        for _ in 0..<30 { crop.scale(-1) }
        #expect(crop.rect.width == 16 && crop.rect.height >= 16)
        for _ in 0..<30 { crop.scale(1) }
        #expect(crop.coversWholeImage)
    }

    @Test func spanNormalisesTheCorners() {
        var crop = CropRectangle(imageWidth: 100, imageHeight: 100)
        crop.span(from: (80, 90), to: (20, 30))
        #expect(crop.rect == PixelRect(x: 20, y: 30, width: 61, height: 61))
        crop.span(from: (5, 5), to: (6, 6))
        #expect(crop.rect == PixelRect(x: 5, y: 5, width: 16, height: 16))
        crop.place(x: 95, y: -3)
        #expect(crop.rect == PixelRect(x: 84, y: 0, width: 16, height: 16))
    }
}
