import CMIRKit
import CMIRTestSupport
import CMIRTerminal
import Foundation
import Testing

@Suite struct SixelEncoderTests {
    /// Decodes sixel bytes with libsixel's own decoder into RGB rows.
    static func decode(_ sixel: [UInt8]) throws -> (width: Int, height: Int, rgb: [UInt8]) {
        let decoded = try SixelDecoder.decode(sixel)
        return (decoded.width, decoded.height, decoded.bytes)
    }

    static func meanColour(_ rgb: [UInt8]) -> [Double] {
        (0..<3).map { c in
            stride(from: c, to: rgb.count, by: 3).reduce(0.0) { $0 + Double(rgb[$1]) } / Double(rgb.count / 3)
        }
    }

    /// The last size is large enough for the large pictures' palette options (`SixelPalette.forRaster`).
    @Test(arguments: [(120, 96), (200, 150), (64, 42), (700, 500)])
    func decodesBackAtTheRequestedSizeAndColour(width: Int, height: Int) throws {
        let source = TestImages.pattern(width: 300, height: 240, channels: 3)
        let raster = RGB8(source, width: width, height: height)
        let decoded = try Self.decode(try SixelEncoder.encode(raster))
        #expect(decoded.width == width)
        #expect(decoded.height == height)
        let expected = Self.meanColour(raster.bytes), got = Self.meanColour(decoded.rgb)
        for c in 0..<3 { #expect(abs(expected[c] - got[c]) <= 3, "channel \(c): \(expected[c]) vs \(got[c])") }
    }

    @Test func grayImagesBecomeGrayRGB() {
        let raster = RGB8(TestImages.pattern(width: 10, height: 10, channels: 1), width: 10, height: 10)
        let b = raster.bytes
        let grayPixels = stride(from: 0, to: b.count, by: 3).filter { (i: Int) -> Bool in b[i] == b[i + 1] && b[i] == b[i + 2] }
        #expect(grayPixels.count == 100)
    }

    @Test func halfBlocksDrawTwoPixelsPerCell() {
        let raster = RGB8(TestImages.pattern(width: 8, height: 8, channels: 3), width: 8, height: 6)
        let lines = HalfBlockRenderer.lines(raster)
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.filter { $0 == "\u{2580}" }.count == 8 })
    }
}
