import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

/// `cmir browse` and `cmir` refusing what they cannot work with: exit status 2 and one line on stderr.
@Suite struct BrowseCommandTests {
    static func expectUsageError(_ arguments: [String], environment: [String: String] = [:], mentioning text: String,
                                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try CommandRunner.run(arguments, environment: environment)
        #expect(result.status == 2, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(text), "\(result.stderr)", sourceLocation: sourceLocation)
    }

    @Test func missingOrForeignIndexFiles() throws {
        try Self.expectUsageError(["browse", "/no/such.cmirindex"], mentioning: "/no/such.cmirindex")
        try Self.expectUsageError(["browse", DemoFixture.repository + "/1B_B7.png"], mentioning: "1B_B7.png")
    }

    @Test func aMissingQueryFolderOrAModalityForRawImages() throws {
        let index = try DemoFixture.index.get()
        try Self.expectUsageError(["browse", index, "--queries", "/no/such/folder"], mentioning: "no such folder")
        try Self.expectUsageError(["browse", index, "--modality", "shg"], mentioning: "holds raw images")
    }

    @Test func noTerminalNoBrowser() throws {
        let index = try DemoFixture.index.get()
        try Self.expectUsageError(["browse", index], mentioning: "needs a terminal")
        let cache = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: cache) }
        try Self.expectUsageError([], environment: ["XDG_CACHE_HOME": cache.path], mentioning: "needs a terminal")
    }
}
