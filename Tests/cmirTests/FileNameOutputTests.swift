import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

/// File names reach the user's terminal through cmir's output: control characters in them must not, and wide
/// characters must not break the columns.
@Suite struct FileNameOutputTests {
    /// A repository of three textured images, one named with an escape sequence (a terminal title change and a bell)
    /// and one with wide characters, indexed raw.
    static func repository() throws -> (folder: URL, index: String, names: [String]) {
        let folder = TestImages.temporaryDirectory()
        let images = folder.appendingPathComponent("images")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        let names = ["evil\u{1B}]0;pwned\u{07}.png", "日本語.png", "ab.png"]
        for (i, name) in names.enumerated() {
            try ImageFile.save(TexturedImages.make(seed: UInt64(i + 1), width: 200, height: 200), to: images.appendingPathComponent(name).path)
        }
        let index = folder.appendingPathComponent("i.cmirindex").path
        let built = try CommandRunner.run(["index", images.path, "--out", index, "--vocabulary", "50"])
        #expect(built.status == 0, "\(built.stderr)")
        return (folder, index, names.map { images.appendingPathComponent($0).path })
    }

    @Test func controlCharactersInNamesArePrintedAsQuestionMarks() throws {
        let (folder, index, paths) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: folder) }
        let info = try CommandRunner.run(["info"] + paths)
        let query = try CommandRunner.run(["query", index, paths[0]])
        let missing = try CommandRunner.run(["info", paths[0] + ".missing"])
        for output in [info.stdout, query.stdout, missing.stderr] {
            #expect(!output.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" }, "\(output.debugDescription)")
        }
        #expect(info.stdout.contains("evil?]0;pwned?.png") && query.stdout.contains("evil?]0;pwned?.png"))
        #expect(missing.status == 2 && missing.stderr.contains("evil?]0;pwned?.png.missing"))
        // JSON keeps the name exactly, escaped as JSON does.
        let json = try CommandRunner.run(["query", index, paths[0], "--json"])
        let names = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]).compactMap { $0["name"] as? String }
        #expect(names.contains("evil\u{1B}]0;pwned\u{07}.png"))
    }

    @Test func scoresLineUpWhateverTheNamesWidth() throws {
        let (folder, index, paths) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: folder) }
        let query = try CommandRunner.run(["query", index, paths[2]])
        #expect(query.status == 0, "\(query.stderr)")
        let lines = query.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        // The score (the first number with four decimals) starts at the same display column on every line.
        let columns = lines.map { line in
            line[..<line.range(of: "[0-9]+\\.[0-9]{4}", options: .regularExpression)!.lowerBound]
                .reduce(0) { $0 + ($1.unicodeScalars.first!.value >= 0x1100 ? 2 : 1) }
        }
        #expect(Set(columns).count == 1, "\(lines)")
    }
}
