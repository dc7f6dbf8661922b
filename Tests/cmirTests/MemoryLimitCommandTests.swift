@testable import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

/// CMIR_MEMORY_LIMIT_MB bounds what a search may hold (`MemoryBudget`).
@Suite struct MemoryLimitCommandTests {
    @Test func aSearchBeyondTheUsersLimitFailsWithOneLineAndExitStatusOne() throws {
        let (folder, images, index) = try TexturedImages.indexedRepository(count: 3, settings: IndexSettings(features: "sift", vocabularySize: 20, seed: 1))
        defer { try? FileManager.default.removeItem(at: folder) }
        let query = images.appendingPathComponent("img1.png").path
        let refused = try CommandRunner.run(["query", index, query], environment: ["CMIR_MEMORY_LIMIT_MB": "1"])
        #expect(refused.status == 1 && refused.stderr.contains("more than the 1 MB of CMIR_MEMORY_LIMIT_MB=1"), "\(refused)")
        #expect(refused.stderr.split(separator: "\n").count == 1)
        let allowed = try CommandRunner.run(["query", index, query], environment: ["CMIR_MEMORY_LIMIT_MB": "4000"])
        #expect(allowed.status == 0, "\(allowed)")
    }
}
