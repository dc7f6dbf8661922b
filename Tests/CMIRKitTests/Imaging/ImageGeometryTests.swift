import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

@Suite struct ImageGeometryTests {
    @Test func grayscaleUsesLuminanceWeights() {
        var image = Image(width: 1, height: 1, channels: 3)
        image[0, 0, 0] = 1
        #expect(abs(image.grayscale().pixels[0] - 0.299) < 1e-6)
        image[0, 0, 1] = 1; image[0, 0, 2] = 1
        #expect(abs(image.grayscale().pixels[0] - 1) < 1e-6)
    }

    @Test func cropClipsToTheImage() throws {
        let image = TestImages.pattern(width: 20, height: 10, channels: 2)
        let crop = try #require(image.cropped(to: PixelRect(x: 15, y: 5, width: 10, height: 10)))
        #expect(crop.width == 5 && crop.height == 5 && crop.channels == 2)
        #expect(crop[0, 0, 1] == image[15, 5, 1])
        #expect(image.cropped(to: PixelRect(x: 30, y: 0, width: 5, height: 5)) == nil)
    }

    @Test func mirroringReflectsTheImageOutward() {
        let image = TestImages.pattern(width: 7, height: 5, channels: 2)
        let mirrored = image.mirrored(by: 3)
        #expect(mirrored.width == 13 && mirrored.height == 11 && mirrored.channels == 2)
        // The image itself sits in the middle; the border reflects it symmetrically (-1 -> 0, size -> size - 1).
        #expect(mirrored.cropped(to: PixelRect(x: 3, y: 3, width: 7, height: 5)) == image)
        for c in 0..<2 {
            #expect(mirrored[2, 3, c] == image[0, 0, c] && mirrored[0, 3, c] == image[2, 0, c])
            #expect(mirrored[10, 8, c] == image[6, 4, c] && mirrored[12, 10, c] == image[4, 2, c])
            #expect(mirrored[1, 0, c] == image[1, 2, c])
        }
        #expect(image.mirrored(by: 0) == image)
    }

    @Test func resizeKeepsTheMean() {
        let image = TestImages.pattern(width: 64, height: 64, channels: 1)
        let small = image.resized(width: 16, height: 16)
        let mean = { (i: Image) in i.pixels.reduce(0, +) / Float(i.pixels.count) }
        #expect(small.width == 16 && small.height == 16)
        #expect(abs(mean(small) - mean(image)) < 0.01)
    }

    @Test func rotationFollowsOpenCVsConvention() {
        // Counter-clockwise as displayed (y down): a point right of the centre moves up.
        let rotation = AffineTransform.rotation(degrees: 90, center: (50, 50))
        let moved = rotation.apply(60, 50)
        #expect(abs(moved.x - 50) < 1e-9 && abs(moved.y - 40) < 1e-9)
    }

    @Test func warpMovesContentAndFillsTheBorder() {
        var image = Image(width: 21, height: 21, channels: 1)
        image[15, 10, 0] = 1
        let warped = image.warped(by: .rotation(degrees: 90, center: (10, 10)), border: [0.5])
        #expect(abs(warped[10, 5, 0] - 1) < 1e-5)
        let shifted = image.warped(by: .rotation(degrees: 0, center: (10, 10), shift: (5, 0)), border: [0.25])
        #expect(abs(shifted[2, 10, 0] - 0.25) < 1e-6)
        #expect(abs(shifted[20, 10, 0] - 1) < 1e-5)
    }
}
