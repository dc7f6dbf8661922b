import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

/// An index file damaged on disk is reported with what to do about it, never searched silently.
@Suite struct DamagedIndexTests {
    @Test func aDamagedIndexSaysToRebuildIt() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let images = folder.appendingPathComponent("images")
        let paths = try TexturedImages.writeFolder(images, count: 4)
        let index = folder.appendingPathComponent("i.cmirindex").path
        #expect(try CommandRunner.run(["index", images.path, "--out", index, "--vocabulary", "40"]).status == 0)
        // Overwrite the start of every other page after the header page: SQLite's b-trees no longer parse.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: index))
        for page in stride(from: 2, to: bytes.count / 4096, by: 2) {
            bytes.replaceSubrange((page * 4096)..<(page * 4096 + 64), with: Data(repeating: 0xA5, count: 64))
        }
        try bytes.write(to: URL(fileURLWithPath: index))
        let result = try CommandRunner.run(["query", index, paths[0]])
        #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains("the index file is damaged") && result.stderr.contains("build it again with cmir index"),
                "\(result.stderr)")
    }
}
