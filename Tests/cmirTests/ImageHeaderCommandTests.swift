import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

/// `cmir info` reads headers, not pixels; `cmir index` and `cmir info` name a truncated JPEG.
@Suite struct ImageHeaderCommandTests {
    /// A 630 KB black PNG of 100 megapixels: decoded it would take about a gigabyte (8-bit, then float copies).
    @Test func infoOnA100MegapixelPNGReadsOnlyItsHeader() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("huge.png").path
        try HandwrittenPNG.black(width: 10000, height: 10000).write(to: URL(fileURLWithPath: path))
        let small = folder.appendingPathComponent("small.png").path
        try ImageFile.save(TestImages.pattern(width: 16, height: 16, channels: 1), to: small)

        let result = try CommandRunner.run(["info", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "\(path): 10000 x 10000, 1 channel, 8 bit\n")
        // The same as for a 16 x 16 file, give or take 50 MB (cmir alone starts at about 90 MB).
        let baseline = try CommandRunner.run(["info", small])
        #expect(result.peakMemoryKilobytes < baseline.peakMemoryKilobytes + 50_000,
                "\(result.peakMemoryKilobytes) KB against \(baseline.peakMemoryKilobytes) KB for a 16 x 16 file")
    }

    @Test func aTruncatedJPEGIsIndexedWithAWarningAndInfoSaysSo() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let images = folder.appendingPathComponent("repository")
        let paths = try TexturedImages.writeFolder(images, count: 3)
        let cut = images.appendingPathComponent("cut.jpg").path
        try ImageFile.save(TexturedImages.make(seed: 9, width: 200, height: 160), to: cut)
        let whole = try Data(contentsOf: URL(fileURLWithPath: cut))
        try whole.prefix(whole.count * 3 / 4).write(to: URL(fileURLWithPath: cut))

        let damage = "truncated JPEG (it ends before its end-of-image marker: the rest of the image is missing)"
        let indexed = try CommandRunner.run(["index", images.path, "--out", folder.appendingPathComponent("i.cmirindex").path,
                                             "--features", "sift", "--vocabulary", "16"])
        #expect(indexed.status == 0, "\(indexed.stderr)")
        #expect(indexed.stderr == "cmir: warning: \(cut): \(damage); indexed what it holds\n")
        #expect(indexed.stdout.contains("4 indexed"), "\(indexed.stdout)")

        let info = try CommandRunner.run(["info", cut, paths[0]])
        #expect(info.status == 0, "\(info.stderr)")
        #expect(info.stdout.hasPrefix("\(cut): 200 x 160, 1 channel, 8 bit; warning: \(damage)\n"), "\(info.stdout)")
        #expect(info.stdout.split(separator: "\n").last?.hasSuffix("160 x 160, 1 channel, 8 bit") == true, "\(info.stdout)")
    }
}
