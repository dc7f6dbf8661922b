import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

/// End-to-end: index, query, eval and make-queries as a user runs them, on small synthetic folders.
@Suite struct RetrievalCommandTests {
    static let fast = ["--features", "sift", "--vocabulary", "40", "--seed", "1"]

    struct Workspace {
        let root = TestImages.temporaryDirectory()
        var images: URL { root.appendingPathComponent("repo") }
        var index: String { root.appendingPathComponent("repo.cmirindex").path }
        func path(_ name: String) -> String { root.appendingPathComponent(name).path }
        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    static func expectOneLineFailure(_ result: CommandRunner.Result, status: Int32, mentioning text: String,
                                     sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == status, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(text), "\(result.stderr)", sourceLocation: sourceLocation)
    }

    @Test func indexQueryAndEvalOnASyntheticFolder() throws {
        let ws = Workspace()
        defer { ws.remove() }
        try TexturedImages.writeFolder(ws.images, count: 6)
        let index = try CommandRunner.run(["index", ws.images.path, "--out", ws.index] + Self.fast)
        #expect(index.status == 0, "\(index.stderr)")
        #expect(index.stdout.contains("6 indexed"))
        #expect(index.stderr.isEmpty, "no progress bar when stderr is not a terminal: \(index.stderr)")

        let query = try CommandRunner.run(["query", ws.index, ws.images.appendingPathComponent("img4.png").path,
                                           "--top", "3", "--json"])
        #expect(query.status == 0, "\(query.stderr)")
        let matches = try #require(try JSONSerialization.jsonObject(with: Data(query.stdout.utf8)) as? [[String: Any]])
        #expect(matches.count == 3)
        #expect(matches.map { $0["rank"] as? Int } == [1, 2, 3])
        #expect(matches[0]["name"] as? String == "img4.png")
        #expect((matches[0]["path"] as? String)?.hasSuffix("repo/img4.png") == true)
        // A first-stage match carries the dense stage's placement, unverified, when that stage found it.
        #expect(matches.allSatisfy { m in Set(m.keys) == ["rank", "name", "path", "score"]
            || (Set(m.keys) == ["rank", "name", "path", "score", "region", "verified"] && m["verified"] as? Bool == false) })
        #expect(query.stdout.contains("{\"rank\": 1, \"name\": \"img4.png\", \"path\": "), "keys in the contract's order")
        let scores = matches.compactMap { $0["score"] as? Double }
        #expect(scores.count == 3 && scores == scores.sorted(by: >))

        let text = try CommandRunner.run(["query", ws.index, ws.images.appendingPathComponent("img4.png").path,
                                          "--region", "20,20,100,100", "--top", "2"])
        #expect(text.status == 0 && text.stdout.split(separator: "\n").count == 2, "\(text.stdout)\(text.stderr)")
        #expect(text.stdout.split(separator: "\n").first?.contains("img4.png") == true)

        // Queries: two repository images under their own stems, one stem the index lacks.
        let queries = ws.root.appendingPathComponent("queries")
        try FileManager.default.createDirectory(at: queries, withIntermediateDirectories: true)
        for name in ["img1.png", "img2.png"] {
            try FileManager.default.copyItem(at: ws.images.appendingPathComponent(name), to: queries.appendingPathComponent(name))
        }
        try ImageFile.save(TexturedImages.make(seed: 77), to: queries.appendingPathComponent("stranger.png").path)
        let eval = try CommandRunner.run(["eval", ws.index, queries.path, "--json"])
        #expect(eval.status == 0, "\(eval.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any])
        #expect(report["queries"] as? Int == 3)
        #expect(eval.stdout.hasPrefix("{\"queries\": 3, \"acc\": "))
        let acc = try #require(report["acc"] as? [String: Double])
        #expect(Set(acc.keys) == ["1", "5", "10", "15"])
        #expect(abs(acc["1"]! - 200.0 / 3) < 1e-9)
        let ranks = try #require(report["ranks"] as? [String: Any])
        #expect(ranks["img1"] as? Int == 1 && ranks["img2"] as? Int == 1)
        #expect(ranks["stranger"] is NSNull)
        #expect(abs((report["mrr"] as? Double ?? 0) - 2.0 / 3) < 1e-9)

        // The paper's tf-idf first stage ranks these exact copies first too.
        let tfidf = try CommandRunner.run(["eval", ws.index, queries.path, "--json", "--scoring", "tfidf"])
        let tfidfReport = try #require(try JSONSerialization.jsonObject(with: Data(tfidf.stdout.utf8)) as? [String: Any])
        let tfidfRanks = try #require(tfidfReport["ranks"] as? [String: Any])
        #expect(tfidfRanks["img1"] as? Int == 1 && tfidfRanks["img2"] as? Int == 1)
        Self.expectOneLineFailure(try CommandRunner.run(["eval", ws.index, queries.path, "--scoring", "cosine"]),
                                  status: 2, mentioning: "--scoring")

        let table = try CommandRunner.run(["eval", ws.index, queries.path])
        #expect(table.status == 0)
        #expect(table.stdout.contains("Acc@1") && table.stdout.contains("Acc@15") && table.stdout.contains("MRR"))
    }

    @Test func theDefaultFeaturesFindAnImageFromItsRotatedPatch() throws {
        // Real tissue (the bundled demo's 8 BF images, 384 px, beside its slide of the same cores): synthetic shapes
        // repeat the same corners in every image, which says little about how the default features tell tissue apart.
        let ws = Workspace()
        defer { ws.remove() }
        let demo = TestImages.checkoutRoot.appendingPathComponent("Assets/demo/bf").path
        let index = try CommandRunner.run(["index", demo, "--out", ws.index, "--vocabulary", "500"])
        #expect(index.status == 0, "\(index.stderr)")
        #expect(try Engine(indexPath: ws.index).summary.settings.features == "surf")  // the default on raw images
        let names = ws.path("names.txt")
        try Data("X05Y15\n".utf8).write(to: URL(fileURLWithPath: names))
        let queries = ws.path("queries")
        #expect(try CommandRunner.run(["make-queries", demo, queries, "--names", names, "--seed", "1",
                                       "--rotate", "20", "--shift", "10", "--patch", "160"]).status == 0)
        let query = try CommandRunner.run(["query", ws.index, queries + "/X05Y15.png", "--top", "1"])
        #expect(query.status == 0, "\(query.stderr)")
        #expect(query.stdout.contains("X05Y15.png"), "\(query.stdout)")
        // Re-ranked, the match is placed and its agreeing pairs verify it.
        let reranked = try CommandRunner.run(["query", ws.index, queries + "/X05Y15.png", "--top", "1", "--rerank", "4", "--json"])
        #expect(reranked.status == 0, "\(reranked.stderr)")
        let first = try #require((try JSONSerialization.jsonObject(with: Data(reranked.stdout.utf8)) as? [[String: Any]])?.first)
        #expect(first["name"] as? String == "X05Y15.png")
        #expect(first["region"] is [String: Any] && first["verified"] as? Bool == true, "\(reranked.stdout)")
    }

    @Test func reindexingReportsOnlyWhatChangedAndKeepsTheSettingsNotGiven() throws {
        let ws = Workspace()
        defer { ws.remove() }
        try TexturedImages.writeFolder(ws.images, count: 3)
        #expect(try CommandRunner.run(["index", ws.images.path, "--out", ws.index] + Self.fast).status == 0)
        try ImageFile.save(TexturedImages.make(seed: 90), to: ws.images.appendingPathComponent("extra.png").path)
        // No settings given: the index's own (sift, 40 words), not the defaults (surf, 8000 words).
        let again = try CommandRunner.run(["index", ws.images.path, "--out", ws.index])
        #expect(again.status == 0 && again.stdout.contains("1 indexed, 3 unchanged") && again.stdout.contains("kept"),
                "\(again.stdout) \(again.stderr)")
        #expect(try Engine(indexPath: ws.index).summary.settings == IndexSettings(features: "sift", vocabularySize: 40, seed: 1))
        // A setting given with another value rebuilds the index; the ones not given are still kept.
        let changed = try CommandRunner.run(["index", ws.images.path, "--out", ws.index, "--features", "surf"])
        #expect(changed.status == 0 && changed.stdout.contains("4 indexed, 0 unchanged") && changed.stdout.contains("rebuilt beside"),
                "\(changed.stdout) \(changed.stderr)")
        #expect(try Engine(indexPath: ws.index).summary.settings == IndexSettings(features: "surf", vocabularySize: 40, seed: 1))
    }

    @Test func badFoldersAndFilesExitTwoWithOneLine() throws {
        let ws = Workspace()
        defer { ws.remove() }
        Self.expectOneLineFailure(try CommandRunner.run(["index", ws.path("missing"), "--out", ws.index]), status: 2, mentioning: "no such folder")
        let empty = ws.root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        Self.expectOneLineFailure(try CommandRunner.run(["index", empty.path, "--out", ws.index]), status: 2, mentioning: "no image files")
        try Data("text".utf8).write(to: empty.appendingPathComponent("readme.txt"))
        Self.expectOneLineFailure(try CommandRunner.run(["index", empty.path, "--out", ws.index]), status: 2, mentioning: "no image files")
        try Data("garbage".utf8).write(to: empty.appendingPathComponent("fake.png"))
        Self.expectOneLineFailure(try CommandRunner.run(["index", empty.path, "--out", ws.index] + Self.fast), status: 2, mentioning: "fake.png")

        // A foreign --out is never overwritten.
        try TexturedImages.writeFolder(ws.images, count: 2)
        let foreign = ws.path("notes.txt")
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: foreign))
        Self.expectOneLineFailure(try CommandRunner.run(["index", ws.images.path, "--out", foreign] + Self.fast), status: 2, mentioning: "not a cmir index")
        #expect(FileManager.default.contents(atPath: foreign) == Data("keep me".utf8))

        Self.expectOneLineFailure(try CommandRunner.run(["index", ws.images.path, "--out", ws.index, "--vocabulary", "0"]), status: 2, mentioning: "--vocabulary")
        Self.expectOneLineFailure(try CommandRunner.run(["index", ws.images.path, "--out", ws.index, "--features", "nope"]), status: 2, mentioning: "nope")
    }

    @Test func unreadableImagesAreSkippedNotFatal() throws {
        let ws = Workspace()
        defer { ws.remove() }
        try TexturedImages.writeFolder(ws.images, count: 2)
        try Data("garbage".utf8).write(to: ws.images.appendingPathComponent("broken.png"))
        try ImageFile.save(TexturedImages.make(seed: 5, channels: 4), to: ws.images.appendingPathComponent("rgba.png").path)
        try ImageFile.save(TexturedImages.make(seed: 6, channels: 3), to: ws.images.appendingPathComponent("deep.tif").path, format: .uint16)
        try ImageFile.save(Image(width: 5, height: 5, channels: 1, filledWith: 0.5), to: ws.images.appendingPathComponent("tiny.png").path)
        let result = try CommandRunner.run(["index", ws.images.path, "--out", ws.index] + Self.fast)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("4 indexed") && result.stdout.contains("2 skipped"), "\(result.stdout)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 2 && lines.contains { $0.contains("broken.png") } && lines.contains { $0.contains("tiny.png") }, "\(result.stderr)")
    }

    @Test func badIndexesAndQueriesExitTwoWithOneLine() throws {
        let ws = Workspace()
        defer { ws.remove() }
        try TexturedImages.writeFolder(ws.images, count: 3)
        let query = ws.images.appendingPathComponent("img0.png").path
        Self.expectOneLineFailure(try CommandRunner.run(["query", ws.path("none.cmirindex"), query]), status: 2, mentioning: "no such index")
        try Data(repeating: 0x5A, count: 4096).write(to: URL(fileURLWithPath: ws.path("corrupt.cmirindex")))
        Self.expectOneLineFailure(try CommandRunner.run(["query", ws.path("corrupt.cmirindex"), query]), status: 2, mentioning: "not a cmir index")
        Self.expectOneLineFailure(try CommandRunner.run(["eval", ws.path("corrupt.cmirindex"), ws.images.path]), status: 2, mentioning: "not a cmir index")

        #expect(try CommandRunner.run(["index", ws.images.path, "--out", ws.index] + Self.fast).status == 0)
        Self.expectOneLineFailure(try CommandRunner.run(["query", ws.index, ws.path("nothing.png")]), status: 2, mentioning: "nothing.png")
        Self.expectOneLineFailure(try CommandRunner.run(["query", ws.index, query, "--region", "1,2,3"]), status: 2, mentioning: "--region")
        Self.expectOneLineFailure(try CommandRunner.run(["query", ws.index, query, "--region", "900,900,10,10"]), status: 2, mentioning: "outside")
        Self.expectOneLineFailure(try CommandRunner.run(["query", ws.index, query, "--top", "0"]), status: 2, mentioning: "--top")
        Self.expectOneLineFailure(try CommandRunner.run(["eval", ws.index, ws.path("noqueries")]), status: 2, mentioning: "no such folder")
        let tiny = ws.path("tiny.png")
        try ImageFile.save(Image(width: 6, height: 6, channels: 1, filledWith: 0.5), to: tiny)
        Self.expectOneLineFailure(try CommandRunner.run(["query", ws.index, tiny]), status: 2, mentioning: "no sift features")
    }

    @Test func makeQueriesIsReproducibleAndReadsBothNameFileKinds() throws {
        let ws = Workspace()
        defer { ws.remove() }
        try TexturedImages.writeFolder(ws.images, count: 4)
        try Data("img3\nimg1\n".utf8).write(to: URL(fileURLWithPath: ws.path("names.txt")))
        try Data("name,split\nimg0,train\nimg3,test\nimg1,test\n".utf8).write(to: URL(fileURLWithPath: ws.path("splits.csv")))
        let runs = [("a", "names.txt"), ("b", "splits.csv")]
        for (out, names) in runs {
            let result = try CommandRunner.run(["make-queries", ws.images.path, ws.path(out), "--names", ws.path(names),
                                                "--seed", "4", "--patch", "96"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("2 queries"))
        }
        for file in ["img3.png", "img1.png", "transforms.csv"] {
            let a = FileManager.default.contents(atPath: ws.path("a/\(file)"))
            #expect(a != nil && a == FileManager.default.contents(atPath: ws.path("b/\(file)")), "\(file)")
        }
        let csv = try String(contentsOfFile: ws.path("a/transforms.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("name,angle_deg,tx,ty,patch\nimg3,"))
        let other = try CommandRunner.run(["make-queries", ws.images.path, ws.path("c"), "--names", ws.path("names.txt"), "--seed", "5"])
        #expect(other.status == 0)
        #expect(try String(contentsOfFile: ws.path("c/transforms.csv"), encoding: .utf8) != csv)

        Self.expectOneLineFailure(try CommandRunner.run(["make-queries", ws.images.path, ws.path("d"), "--names", ws.path("nope.txt"), "--seed", "1"]), status: 2, mentioning: "nope.txt")
        try Data("img9\n".utf8).write(to: URL(fileURLWithPath: ws.path("missing.txt")))
        Self.expectOneLineFailure(try CommandRunner.run(["make-queries", ws.images.path, ws.path("d"), "--names", ws.path("missing.txt"), "--seed", "1"]), status: 2, mentioning: "img9")
        Self.expectOneLineFailure(try CommandRunner.run(["make-queries", ws.images.path, ws.path("d"), "--names", ws.path("names.txt")]), status: 2, mentioning: "seed")
        Self.expectOneLineFailure(try CommandRunner.run(["make-queries", ws.images.path, ws.path("d"), "--names", ws.path("names.txt"), "--seed", "1", "--patch", "9999"]), status: 2, mentioning: "patch")
    }
}
