import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

/// Negative or empty values get a one-line range error and exit status 2, not a parser's "missing value" or a
/// silent success.
@Suite struct RangeErrorTests {
    @Test func negativeNumbersAndAnEmptyIndexPathAreRefusedWithTheirReason() throws {
        let repository = try IndexedFolder(count: 3)
        defer { try? FileManager.default.removeItem(at: repository.folder) }
        let (images, paths, index) = (repository.images, repository.paths, repository.index)
        let cases: [([String], String)] = [
            (["query", index, paths[0], "--top", "-1"], "--top must be at least 1"),
            (["query", index, paths[0], "--rerank", "-3"], "--rerank must be 0 or more"),
            (["query", index, paths[0], "--region", "-10,-10,50,50"], "--region must start inside the image"),
            (["eval", index, images.path, "--rerank", "-1"], "--rerank must be 0 or more"),
            (["index", images.path, "--out", ""], "the index path is empty"),
        ]
        for (arguments, reason) in cases {
            let result = try CommandRunner.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains(reason) && result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        }
    }
}
