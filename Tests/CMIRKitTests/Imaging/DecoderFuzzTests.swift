import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

/// 2,000 hostile inputs: random bytes, truncations and bit flips of valid PNG, JPEG and TIFF files.
/// Each must decode (and have its header read) to a valid image or fail with an error; a crash fails the whole run.
@Suite struct DecoderFuzzTests {
    static func validFiles() throws -> [Data] {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var files: [Data] = []
        for (name, format, channels) in [("a.png", ImageFile.SampleFormat.uint8, 3), ("b.png", .uint16, 1),
                                         ("c.jpg", .uint8, 3), ("d.tif", .uint16, 4), ("e.tif", .float32, 1)] {
            let path = folder.appendingPathComponent(name).path
            try ImageFile.save(TestImages.pattern(width: 48, height: 40, channels: channels), to: path, format: format)
            files.append(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        return files
    }

    @Test func hostileInputsNeverCrash() throws {
        let seeds = try Self.validFiles()
        var random = SeededGenerator(seed: 2024)
        var decoded = 0, refused = 0
        for trial in 0..<2000 {
            var bytes: [UInt8]
            let seed = Array(seeds[trial % seeds.count])
            switch trial % 4 {
            case 0: bytes = (0..<Int.random(in: 0...600, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            case 1: bytes = Array(seed.prefix(Int.random(in: 0..<seed.count, using: &random)))
            case 2:
                bytes = seed
                for _ in 0..<Int.random(in: 1...12, using: &random) {
                    let index = Int.random(in: 0..<bytes.count, using: &random)
                    bytes[index] ^= UInt8(1) << UInt8.random(in: 0...7, using: &random)
                }
            default:
                bytes = seed
                let start = Int.random(in: 0..<bytes.count, using: &random)
                for i in start..<min(bytes.count, start + 32) { bytes[i] = UInt8.random(in: 0...255, using: &random) }
            }
            // The header reader walks the same bytes without decoding; it must fail as cleanly.
            _ = try? ImageFile.header(of: Data(bytes), name: "fuzz")
            do {
                let image = try ImageFile.decode(Data(bytes), name: "fuzz").image
                #expect(image.pixels.count == image.width * image.height * image.channels)
                #expect(image.pixels.allSatisfy { $0.isFinite })
                decoded += 1
            } catch is CMIRError {
                refused += 1
            }
        }
        #expect(decoded + refused == 2000)
        #expect(refused > 500, "most hostile inputs should be refused")
    }
}
