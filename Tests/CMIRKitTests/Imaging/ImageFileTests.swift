import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

@Suite struct ImageFileTests {
    /// Every savable format and depth reads back with the same size, channels, depth and values
    /// (within the format's quantisation).
    @Test(arguments: [
        ("png", ImageFile.SampleFormat.uint8, 1), ("png", .uint8, 3), ("png", .uint8, 4),
        ("png", .uint16, 1), ("png", .uint16, 3), ("png", .uint16, 4),
        ("tif", .uint8, 1), ("tif", .uint8, 3), ("tif", .uint16, 1), ("tif", .uint16, 4),
        ("tif", .float32, 1),
    ])
    func roundTrip(ext: String, format: ImageFile.SampleFormat, channels: Int) throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let image = TestImages.pattern(width: 37, height: 23, channels: channels)
        let path = folder.appendingPathComponent("x.\(ext)").path
        try ImageFile.save(image, to: path, format: format)
        let loaded = try ImageFile.load(path)
        #expect(loaded.image.width == 37 && loaded.image.height == 23 && loaded.image.channels == channels)
        #expect(loaded.bitsPerSample == format.rawValue)
        let tolerance: Float = format == .uint8 ? 0.5 / 255 + 1e-6 : (format == .uint16 ? 0.5 / 65535 + 1e-6 : 0)
        let worst = zip(image.pixels, loaded.image.pixels).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= tolerance)
    }

    @Test func jpegRoundTripIsClose() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let image = TestImages.pattern(width: 64, height: 48, channels: 3)
        let path = folder.appendingPathComponent("x.jpg").path
        try ImageFile.save(image, to: path)
        let loaded = try ImageFile.load(path).image
        #expect(loaded.channels == 3)
        let meanError = zip(image.pixels, loaded.pixels).map { abs($0 - $1) }.reduce(0, +) / Float(image.pixels.count)
        #expect(meanError < 0.02)
    }

    @Test func readsTheFirstPageOfAMultiPageTIFF() throws {
        let data = TestFiles.multiPageTIFF(width: 8, height: 6, pageValues: [51, 204])
        let loaded = try ImageFile.decode(data, name: "pages.tif")
        #expect(loaded.image.width == 8 && loaded.image.height == 6 && loaded.image.channels == 1)
        #expect(loaded.image.pixels.allSatisfy { abs($0 - 0.2) < 1e-6 })
    }

    @Test func refusesADecompressionBombFromItsHeader() {
        let bomb = TestFiles.pngHeaderOnly(width: 60000, height: 60000)
        #expect(throws: CMIRError.self) { try ImageFile.decode(bomb, name: "bomb.png") }
        do { _ = try ImageFile.decode(bomb, name: "bomb.png") } catch {
            #expect("\(error)".contains("limit"))
        }
    }

    @Test func explainsMissingEmptyAndNonImageFiles() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = folder.appendingPathComponent("empty.png").path
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        let text = folder.appendingPathComponent("notes.png").path
        _ = FileManager.default.createFile(atPath: text, contents: Data("just some text\n".utf8))
        for (path, reason) in [(folder.appendingPathComponent("missing.png").path, "no such file"),
                               (empty, "empty file"), (text, "not a readable image"), (folder.path, "directory")] {
            do {
                _ = try ImageFile.load(path)
                Issue.record("\(path) loaded")
            } catch let error as CMIRError {
                guard case .input(let message) = error else { Issue.record("not an input error"); continue }
                #expect(message.contains(reason), "\(message)")
                #expect(!message.contains("\n"))
            }
        }
    }

    @Test func floatSamplesNeedSingleChannelTIFF() {
        #expect(throws: CMIRError.self) {
            try ImageFile.save(TestImages.pattern(width: 4, height: 4, channels: 1), to: "/tmp/x.png", format: .float32)
        }
        #expect(throws: CMIRError.self) {
            try ImageFile.save(TestImages.pattern(width: 4, height: 4, channels: 3), to: "/tmp/x.tif", format: .float32)
        }
    }

    @Test(.enabled(if: TestImages.sharedData != nil, "needs ../shared/data/bf-shg beside the checkout"))
    func readsTheRealDataAsItIs() throws {
        let data = try #require(TestImages.sharedData)
        let bf = try ImageFile.load(data.appendingPathComponent("bf/1B_A1.png").path)
        #expect(bf.image.width == 512 && bf.image.height == 512 && bf.image.channels == 3 && bf.bitsPerSample == 8)
        let shg = try ImageFile.load(data.appendingPathComponent("shg/1B_A1.png").path)
        #expect(shg.image.channels == 1)
    }
}
