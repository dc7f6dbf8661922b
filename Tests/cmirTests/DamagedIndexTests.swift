import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

/// An index file damaged on disk is reported with what to do about it, never searched silently.
@Suite struct DamagedIndexTests {
    @Test func aDamagedIndexSaysToRebuildIt() throws {
        let repository = try IndexedFolder(count: 4)
        defer { try? FileManager.default.removeItem(at: repository.folder) }
        let (paths, index) = (repository.paths, repository.index)
        // Overwrite the start of every other page after the header page: SQLite's b-trees no longer parse.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: index))
        for page in stride(from: 2, to: bytes.count / 4096, by: 2) {
            bytes.replaceSubrange((page * 4096)..<(page * 4096 + 64), with: Data(repeating: 0xA5, count: 64))
        }
        try bytes.write(to: URL(fileURLWithPath: index))
        let result = try CommandRunner.run(["query", index, paths[0]])
        #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains("the index is damaged") && result.stderr.contains("--repair, or delete it and build it again"),
                "\(result.stderr)")
    }
}
