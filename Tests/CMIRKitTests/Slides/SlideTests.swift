import CMIRTestSupport
import Foundation
import Testing
@testable import CMIRKit

/// The reader: regions (also beyond the edge, also concurrently), the colour conversion, telling slides from
/// images, and one-line input errors for files that are not readable slides.
@Suite struct SlideTests {
    @Test func premultipliedARGBBecomesRGBOverWhite() {
        // Opaque red, fully transparent, and half-transparent premultiplied blue.
        let image = Slide.image(fromPremultipliedARGB: [0xFFFF_0000, 0x0000_0000, 0x8000_0080], width: 3, height: 1)
        #expect(image.channels == 3)
        #expect([image[0, 0, 0], image[0, 0, 1], image[0, 0, 2]] == [1, 0, 0])
        #expect([image[1, 0, 0], image[1, 0, 1], image[1, 0, 2]] == [1, 1, 1])
        #expect(abs(image[2, 0, 0] - 127 / 255) < 1e-6 && image[2, 0, 2] == 1)
    }

    @Test func regionsBeyondTheEdgeReadAsWhite() throws {
        let (folder, _) = try VirtualSlideTests.writeSlide()
        defer { try? FileManager.default.removeItem(at: folder) }
        let slide = try Slide(path: folder.appendingPathComponent("tma-1.svs").path)
        let corner = try slide.readRegion(level: 0, x: -20, y: -20, width: 40, height: 40)
        #expect(corner.width == 40 && corner.height == 40)
        #expect(corner[5, 5, 0] == 1 && corner[5, 5, 1] == 1 && corner[5, 5, 2] == 1)
        #expect(corner[30, 30, 0] < 0.99, "inside the slide is glass, not white")
        let far = try slide.readRegion(level: 1, x: slide.width + 100, y: 0, width: 16, height: 16)
        #expect(far.pixels.allSatisfy { $0 == 1 })
        #expect(throws: CMIRError.self) { try slide.readRegion(level: slide.levels.count, x: 0, y: 0, width: 4, height: 4) }
        #expect(throws: CMIRError.self) { try slide.readRegion(level: 0, x: 0, y: 0, width: 0, height: 4) }
        #expect(throws: CMIRError.self) { try slide.readRegion(level: 0, x: 0, y: 0, width: 20_000, height: 20_000) }
    }

    @Test func concurrentReadsGiveWhatSequentialReadsGive() throws {
        let (folder, layout) = try VirtualSlideTests.writeSlide()
        defer { try? FileManager.default.removeItem(at: folder) }
        let slide = try Slide(path: folder.appendingPathComponent("tma-1.svs").path)
        let origins = layout.placements.map { (Int($0.centreX) - 50, Int($0.centreY) - 50) }
        let sequential = try origins.map { try slide.readRegion(level: 0, x: $0.0, y: $0.1, width: 100, height: 100) }
        let parallel = ParallelMap.results(origins.count) { i in
            try slide.readRegion(level: 0, x: origins[i].0, y: origins[i].1, width: 100, height: 100)
        }
        #expect(try parallel.map { try $0.get() } == sequential)
    }

    @Test func slidesAreToldFromImages() throws {
        let (folder, _) = try VirtualSlideTests.writeSlide()
        defer { try? FileManager.default.removeItem(at: folder) }
        let svs = folder.appendingPathComponent("tma-1.svs").path
        let tif = folder.appendingPathComponent("pyramid.tif").path
        try FileManager.default.copyItem(atPath: svs, toPath: tif)
        let png = folder.appendingPathComponent("plain.png").path, plainTIFF = folder.appendingPathComponent("plain.tif").path
        try ImageFile.save(TestImages.pattern(width: 64, height: 48, channels: 3), to: png)
        try ImageFile.save(TestImages.pattern(width: 64, height: 48, channels: 3), to: plainTIFF)
        #expect(Slide.isSlide(svs) && Slide.canOpen(svs))
        #expect(Slide.isSlide(tif), "a pyramidal TIFF is a slide")
        #expect(!Slide.isSlide(plainTIFF), "a plain TIFF stays an image for OpenCV")
        #expect(!Slide.isSlide(png) && !Slide.canOpen(png))
        #expect(Slide.detectVendor(svs) == "aperio" && Slide.detectVendor(png) == nil)
        #expect(Slide.fileExtensions.isSuperset(of: ["svs", "ndpi", "mrxs", "scn", "tif", "tiff"]))
    }

    @Test func damagedAndForeignFilesGiveOneLineInputErrors() throws {
        let (folder, _) = try VirtualSlideTests.writeSlide()
        defer { try? FileManager.default.removeItem(at: folder) }
        let whole = try Data(contentsOf: folder.appendingPathComponent("tma-1.svs"))
        let truncated = folder.appendingPathComponent("truncated.svs")
        try whole.prefix(whole.count / 2).write(to: truncated)
        let text = folder.appendingPathComponent("notes.svs")
        try Data("This is a text file, not a slide.\n".utf8).write(to: text)
        let empty = folder.appendingPathComponent("empty.svs")
        try Data().write(to: empty)
        let cases: [(URL, String)] = [(truncated, "truncated"), (text, "not a slide"), (empty, "empty file"),
                                      (folder.appendingPathComponent("missing.svs"), "no such file"), (folder, "is a directory")]
        for (url, reason) in cases {
            do {
                _ = try Slide(path: url.path)
                Issue.record("\(url.lastPathComponent) opened")
            } catch let CMIRError.input(message) {
                #expect(message.hasPrefix(url.path), "\(message)")
                #expect(message.contains(reason), "\(message)")
                #expect(!message.contains("\n"), "\(message)")
            }
        }
    }
}
