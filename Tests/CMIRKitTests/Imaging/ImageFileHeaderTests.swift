import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

/// `ImageFile.header` reads PNG, JPEG and TIFF headers without decoding: what it says must be what the decoder gives.
@Suite struct ImageFileHeaderTests {
    /// The facts `load` decodes, for comparison.
    private func decodedFacts(_ data: Data) throws -> [Int] {
        let loaded = try ImageFile.decode(data, name: "x")
        return [loaded.image.width, loaded.image.height, loaded.image.channels, loaded.bitsPerSample]
    }

    private func headerFacts(_ data: Data) throws -> [Int] {
        let header = try ImageFile.header(of: data, name: "x")
        #expect(header.damage == nil)
        return [header.width, header.height, header.channels, header.bitsPerSample]
    }

    @Test(arguments: [("png", ImageFile.SampleFormat.uint8, 1), ("png", .uint8, 3), ("png", .uint8, 4),
                      ("png", .uint16, 1), ("png", .uint16, 3), ("png", .uint16, 4), ("jpg", .uint8, 1), ("jpg", .uint8, 3),
                      ("tif", .uint8, 1), ("tif", .uint8, 3), ("tif", .uint8, 4), ("tif", .uint16, 1), ("tif", .uint16, 3),
                      ("tif", .uint16, 4), ("tif", .float32, 1)])
    func headersOfWrittenFilesAgreeWithTheDecoder(ext: String, format: ImageFile.SampleFormat, channels: Int) throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("x.\(ext)").path
        try ImageFile.save(TestImages.pattern(width: 37, height: 23, channels: channels), to: path, format: format)
        let header = try ImageFile.header(atPath: path)
        #expect(header.damage == nil)
        #expect([header.width, header.height, header.channels, header.bitsPerSample] == (try decodedFacts(Data(contentsOf: URL(fileURLWithPath: path)))))
    }

    /// An 8-bit gray TIFF with its directory first and its one strip after it, as microscope software writes them
    /// (OpenCV writes the directory last, so a cut loses it and the decoder's own refusal applies).
    private func grayTIFF(width: Int, height: Int) -> Data {
        func short(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func long(_ v: Int) -> [UInt8] { short(v & 0xFFFF) + short(v >> 16) }
        let tags = [(256, 4, width), (257, 4, height), (258, 3, 8), (259, 3, 1), (262, 3, 1), (273, 4, 8 + 2 + 9 * 12 + 4),
                    (277, 3, 1), (278, 4, height), (279, 4, width * height)]
        var bytes: [UInt8] = [0x49, 0x49, 0x2A, 0x00] + long(8) + short(tags.count)
        for (tag, type, value) in tags { bytes += short(tag) + short(type) + long(1) + (type == 3 ? short(value) + [0, 0] : long(value)) }
        bytes += long(0) + (0..<(width * height)).map { UInt8(truncatingIfNeeded: $0 * 7) }
        return Data(bytes)
    }

    @Test func aTruncatedTIFFIsRefusedLikeTheDecoderRefusesIt() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("x.tif").path
        let whole = grayTIFF(width: 60, height: 40)
        try whole.write(to: URL(fileURLWithPath: path))
        let header = try ImageFile.header(atPath: path)
        #expect([header.width, header.height, header.channels, header.bitsPerSample] == [60, 40, 1, 8] && header.damage == nil)
        #expect(try ImageFile.load(path).image.width == 60)
        try whole.prefix(whole.count - 100).write(to: URL(fileURLWithPath: path))
        #expect(throws: CMIRError.self) { try ImageFile.load(path) }
        #expect(throws: CMIRError.input("\(path): truncated TIFF (its image data run past the end of the file)")) {
            try ImageFile.header(atPath: path)
        }
    }

    /// Damaged TIFF files (cut, bits flipped, bytes overwritten) reach libtiff's directory reader from a file: each
    /// gives a header or a clean error, never a crash.
    @Test func hostileTIFFFilesNeverCrashTheHeaderReader() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("x.tif").path
        try ImageFile.save(TestImages.pattern(width: 48, height: 40, channels: 4), to: path, format: .uint16)
        let seeds = [Array(try Data(contentsOf: URL(fileURLWithPath: path))), Array(grayTIFF(width: 30, height: 20))]
        var random = SeededGenerator(seed: 22)
        var read = 0, refused = 0
        for trial in 0..<400 {
            var bytes = seeds[trial % 2]
            switch trial % 3 {
            case 0: bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &random)))
            case 1:
                for _ in 0..<Int.random(in: 1...8, using: &random) {
                    bytes[Int.random(in: 0..<bytes.count, using: &random)] ^= UInt8(1) << UInt8.random(in: 0...7, using: &random)
                }
            default:
                let start = Int.random(in: 0..<bytes.count, using: &random)
                for i in start..<min(bytes.count, start + 16) { bytes[i] = UInt8.random(in: 0...255, using: &random) }
            }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                let header = try ImageFile.header(atPath: path)
                #expect(header.width > 0 && header.height > 0 && [1, 3, 4].contains(header.channels))
                read += 1
            } catch is CMIRError {
                refused += 1
            }
        }
        #expect(read + refused == 400 && refused > 50)
    }

    /// PNG kinds OpenCV reads but does not write: palettes, transparency chunks, gray with alpha, 1-bit gray.
    @Test(arguments: [(UInt8(3), UInt8(8), 1, false), (3, 8, 1, true), (3, 4, 1, false), (2, 8, 3, true), (0, 8, 1, true),
                      (4, 8, 2, false), (4, 16, 2, false), (0, 1, 1, false), (0, 2, 1, false)])
    func headersOfOtherPNGKindsAgreeWithTheDecoder(colorType: UInt8, bitDepth: UInt8, samples: Int, transparency: Bool) throws {
        let width = 9, height = 5
        let rowBytes = (width * samples * Int(bitDepth) + 7) / 8
        let mask: UInt8 = colorType == 3 ? 0x0F : bitDepth < 8 ? 0x11 : 0xFF
        var rows: [UInt8] = []
        for y in 0..<height {
            rows.append(0)  // filter: none
            for x in 0..<rowBytes { rows.append(UInt8(truncatingIfNeeded: 37 * x + 11 * y) & mask) }
        }
        let trns: [UInt8]? = transparency ? (colorType == 3 ? [0, 128] : colorType == 2 ? [0, 1, 0, 2, 0, 3] : [0, 7]) : nil
        let png = HandwrittenPNG.make(width: width, height: height, bitDepth: bitDepth, colorType: colorType, rows: rows,
                                      palette: colorType == 3 ? (0..<48).map { UInt8($0 * 5) } : nil, transparency: trns)
        #expect(try headerFacts(png) == decodedFacts(png))
    }

    @Test func aDamagedOrCutPNGIsRefusedLikeTheDecoderRefusesIt() throws {
        let png = HandwrittenPNG.make(width: 4, height: 2, bitDepth: 8, colorType: 0, rows: [UInt8](repeating: 0, count: 10))
        var flipped = png
        flipped[flipped.count - 20] ^= 0x40  // inside IDAT
        for broken in [png.prefix(png.count - 12), flipped] {
            #expect(throws: CMIRError.self) { try ImageFile.decode(Data(broken), name: "x") }
            #expect(throws: CMIRError.self) { try ImageFile.header(of: Data(broken), name: "x") }
        }
    }

    /// A JPEG cut short decodes (libjpeg fills in the rest), so it is read and its damage reported; bytes after
    /// the end-of-image marker are no damage.
    @Test func aTruncatedJPEGIsReadWithItsDamageNamed() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("x.jpg").path
        try ImageFile.save(TestImages.pattern(width: 120, height: 80, channels: 3), to: path)
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        let cut = whole.prefix(whole.count * 2 / 3)
        #expect(try ImageFile.decode(cut, name: "x").image.width == 120)
        let header = try ImageFile.header(of: cut, name: "x")
        #expect(header.width == 120 && header.height == 80)
        #expect(header.damage?.hasPrefix("truncated JPEG") == true)
        #expect(try ImageFile.header(of: whole + Data(repeating: 0, count: 100), name: "x").damage == nil)
    }
}
