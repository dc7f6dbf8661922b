import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

@Suite struct InfoAndShowCommandTests {
    static let realBF = TestImages.sharedData?.appendingPathComponent("bf/1B_A1.png").path

    @Test func infoReportsSizeChannelsAndDepth() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("deep.tif").path
        try ImageFile.save(TestImages.pattern(width: 30, height: 20, channels: 4), to: path, format: .uint16)
        let result = try CommandRunner.run(["info", path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("30 x 20, 4 channels, 16 bit"))
    }

    @Test(.enabled(if: realBF != nil, "needs ../shared/data/bf-shg beside the checkout"))
    func infoOnTheRealData() throws {
        let result = try CommandRunner.run(["info", try #require(Self.realBF)])
        #expect(result.status == 0)
        #expect(result.stdout.contains("512 x 512, 3 channels, 8 bit"))
    }

    @Test func infoOnATruncatedPNGExitsTwoWithOneLine() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let whole = folder.appendingPathComponent("whole.png").path
        try ImageFile.save(TestImages.pattern(width: 200, height: 200, channels: 3), to: whole, format: .uint16)
        let truncated = folder.appendingPathComponent("truncated.png")
        try Data(try Data(contentsOf: URL(fileURLWithPath: whole)).prefix(3000)).write(to: truncated)
        let result = try CommandRunner.run(["info", truncated.path])
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("truncated.png"))
    }

    @Test func badUsageExitsTwo() throws {
        for arguments in [["info"], ["show"], ["show", "x.png", "--width", "0"], ["no-such-command"]] {
            let result = try CommandRunner.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        }
    }

    @Test func showWritesSixelWhenAsked() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("x.png").path
        try ImageFile.save(TestImages.pattern(width: 64, height: 64, channels: 1), to: path)
        let sixel = try CommandRunner.run(["show", path, "--width", "12"], environment: ["CMIR_GRAPHICS": "sixel"])
        #expect(sixel.status == 0)
        #expect(sixel.stdout.hasPrefix("\u{1B}P"))
        #expect(sixel.stdout.contains("\u{1B}\\"))
        let blocks = try CommandRunner.run(["show", path, "--width", "12"], environment: ["CMIR_GRAPHICS": "blocks"])
        #expect(blocks.status == 0)
        #expect(blocks.stdout.split(separator: "\n").first?.filter { $0 == "\u{2580}" }.count == 12)
    }

    @Test func showOfAMissingFileExitsTwo() throws {
        let result = try CommandRunner.run(["show", "/no/such/image.png"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no such file"))
    }
}
