@testable import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

@Suite struct EngineIndexingTests {
    static let settings = IndexSettings(features: "sift", vocabularySize: 40, seed: 1)

    struct Fixture {
        let folder: URL
        let images: URL
        let index: String
        init(count: Int) throws {
            folder = TestImages.temporaryDirectory()
            images = folder.appendingPathComponent("images")
            index = folder.appendingPathComponent("repo.cmirindex").path
            try TexturedImages.writeFolder(images, count: count)
        }
        func path(_ name: String) -> String { images.appendingPathComponent(name).path }
        func build(isCancelled: @escaping @Sendable () -> Bool = { false }) throws -> IndexReport {
            try Engine.buildIndex(directory: images.path, output: index, settings: EngineIndexingTests.settings,
                                  isCancelled: isCancelled)
        }
    }

    @Test func anIndexedImageFindsItselfFirstAndKeepsItsWords() throws {
        let fixture = try Fixture(count: 5)
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        let report = try fixture.build()
        #expect(report.indexed.count == 5 && report.failed.isEmpty && report.vocabularyBuilt)
        let engine = try Engine(indexPath: fixture.index)
        #expect(engine.summary.imageCount == 5 && engine.summary.settings == Self.settings)
        #expect(engine.summary.representation == .raw && engine.summary.vocabularySize == 40)
        #expect(engine.images.map(\.name) == (0..<5).map { "img\($0).png" })
        for (i, image) in engine.images.enumerated() {
            let query = try ImageFile.load(image.path).image
            for scoring in FirstStageScoring.allCases {
                let matches = try engine.search(SearchRequest(image: query, top: 3, scoring: scoring)).matches
                #expect(matches.map(\.rank) == [1, 2, 3])
                #expect(matches[0].name == "img\(i).png", "\(scoring): \(matches)")
                #expect(matches[0].score > matches[1].score)
            }
            let matches = try engine.search(SearchRequest(image: query, top: 1)).matches
            let stored = try engine.words(ofImage: matches[0].imageID)
            #expect(stored.count == image.wordCount && !stored.isEmpty)
            // The same pixels give the same words at the same places (scale and angle kept at the index's precision).
            let analysed = try engine.analyze(image: query)
            #expect(try BinaryPacking.unpackWords(BinaryPacking.pack(words: analysed.words)) == stored)
        }
    }

    @Test func aRegionQueryReportsWordsInWholeImageCoordinates() throws {
        let fixture = try Fixture(count: 3)
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        _ = try fixture.build()
        let engine = try Engine(indexPath: fixture.index)
        let image = try ImageFile.load(fixture.path("img1.png")).image
        let region = PixelRect(x: 40, y: 30, width: 100, height: 110)
        let query = try engine.analyze(image: image, region: region)
        #expect(!query.words.isEmpty && query.region == region)
        #expect(query.words.allSatisfy { $0.x >= 40 && $0.x < 140 && $0.y >= 30 && $0.y < 140 })
        #expect(try engine.search(SearchRequest(.features(query, name: ""), top: 1)).matches.first?.name == "img1.png")
        #expect(throws: CMIRError.self) { try engine.analyze(image: image, region: PixelRect(x: 500, y: 0, width: 10, height: 10)) }
        #expect(throws: CMIRError.self) { try engine.analyze(image: Image(width: 8, height: 8, channels: 1, filledWith: 0.5)) }
    }

    /// Reverses its candidates and marks a region, checking it got the query and the candidates' words.
    struct ReversingReranker: Reranker {
        func rerank(query: QueryFeatures, candidates: [Match], context: RerankContext) throws -> [Match] {
            for candidate in candidates {
                let (words, descriptors) = try context.featuresOf(candidate)
                precondition(!words.isEmpty && descriptors.rows == words.count)
            }
            precondition(!query.words.isEmpty)
            return candidates.reversed().map { var m = $0; m.region = MatchRegion(x: 1, y: 2, width: 3, height: 4, angle: 5); return m }
        }
    }

    @Test func reRankingReordersOnlyTheHeadOfTheRanking() throws {
        let fixture = try Fixture(count: 5)
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        _ = try fixture.build()
        let query = try ImageFile.load(fixture.path("img2.png")).image
        let plain = try Engine(indexPath: fixture.index).search(SearchRequest(image: query, top: 5)).matches
        let engine = try Engine(indexPath: fixture.index, reranker: .custom(ReversingReranker()))
        let reranked = try engine.search(SearchRequest(image: query, top: 5, rerank: 3)).matches
        #expect(reranked.map(\.name) == plain.prefix(3).reversed().map(\.name) + plain.dropFirst(3).map(\.name))
        #expect(reranked.map(\.rank) == [1, 2, 3, 4, 5])
        #expect(reranked.prefix(3).allSatisfy { $0.region != nil } && reranked.dropFirst(3).map(\.region) == plain.dropFirst(3).map(\.region))
        #expect(try engine.search(SearchRequest(image: query, top: 5, rerank: 0)).matches == plain)
    }

    @Test func reindexingProcessesOnlyNewAndChangedImagesAndDropsDeletedOnes() throws {
        let fixture = try Fixture(count: 4)
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        _ = try fixture.build()
        let before = Dictionary(uniqueKeysWithValues: try Engine(indexPath: fixture.index).images.map { ($0.name, $0.id) })

        try ImageFile.save(TexturedImages.make(seed: 100), to: fixture.path("new.png"))
        try ImageFile.save(TexturedImages.make(seed: 101), to: fixture.path("img1.png"))
        try FileManager.default.removeItem(atPath: fixture.path("img2.png"))
        // Rewriting identical bytes (a new modification time) is no change.
        let same = try Data(contentsOf: URL(fileURLWithPath: fixture.path("img3.png")))
        try same.write(to: URL(fileURLWithPath: fixture.path("img3.png")))

        let report = try fixture.build()
        #expect(!report.vocabularyBuilt)
        #expect(Set(report.indexed.map { ($0 as NSString).lastPathComponent }) == ["new.png", "img1.png"])
        #expect(report.unchanged.count == 2)
        #expect(report.removed.map { ($0 as NSString).lastPathComponent } == ["img2.png"])

        let after = try Engine(indexPath: fixture.index)
        let ids = Dictionary(uniqueKeysWithValues: after.images.map { ($0.name, $0.id) })
        #expect(Set(ids.keys) == ["img0.png", "img1.png", "img3.png", "new.png"])
        #expect(ids["img0.png"] == before["img0.png"] && ids["img3.png"] == before["img3.png"])
        #expect(ids["img1.png"] != before["img1.png"])
        let changed = try ImageFile.load(fixture.path("img1.png")).image
        #expect(try after.search(SearchRequest(image: changed, top: 1)).matches.first?.name == "img1.png")

        let again = try fixture.build()
        #expect(again.indexed.isEmpty && again.unchanged.count == 4 && again.removed.isEmpty)
    }

    @Test func changedSettingsRebuildTheVocabularyAndEveryImage() throws {
        let fixture = try Fixture(count: 3)
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        _ = try fixture.build()
        var other = Self.settings
        other.vocabularySize = 30
        let report = try Engine.buildIndex(directory: fixture.images.path, output: fixture.index, settings: other)
        #expect(report.vocabularyBuilt && report.indexed.count == 3 && report.vocabularySize == 30)
        #expect(try Engine(indexPath: fixture.index).summary.settings == other)
    }

    @Test func anInterruptedBuildKeepsWhatItCommittedAndResumes() throws {
        let fixture = try Fixture(count: IndexBuilder.chunkSize + 2)
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        // Cancelled before the second chunk: the first chunk is committed, the rest is not.
        // The build asks once per chunk: twice while extracting for the vocabulary, then once per indexing chunk.
        let checks = Counter()
        #expect(throws: CancellationError.self) { try fixture.build(isCancelled: { checks.next() > 3 }) }
        let partial = try Engine(indexPath: fixture.index)
        #expect(partial.images.count == IndexBuilder.chunkSize)
        let resumed = try fixture.build()
        #expect(!resumed.vocabularyBuilt && resumed.indexed.count == 2 && resumed.unchanged.count == IndexBuilder.chunkSize)
    }

    @Test func unreadableTinyAndDeepImagesAreHandled() throws {
        let fixture = try Fixture(count: 2)
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        try Data("not a png".utf8).write(to: URL(fileURLWithPath: fixture.path("broken.png")))
        try ImageFile.save(Image(width: 6, height: 6, channels: 1, filledWith: 0.3), to: fixture.path("tiny.png"))
        try ImageFile.save(TexturedImages.make(seed: 50, channels: 4), to: fixture.path("rgba.png"))
        try ImageFile.save(TexturedImages.make(seed: 51, channels: 3), to: fixture.path("deep.tif"), format: .uint16)
        try Data("notes".utf8).write(to: URL(fileURLWithPath: fixture.path("notes.txt")))
        let report = try fixture.build()
        let indexed = Set(report.indexed.map { ($0 as NSString).lastPathComponent })
        #expect(indexed == ["img0.png", "img1.png", "rgba.png", "deep.tif"])
        let failed = Dictionary(uniqueKeysWithValues: report.failed.map { (($0.path as NSString).lastPathComponent, $0.reason) })
        #expect(Set(failed.keys) == ["broken.png", "tiny.png"])
        #expect(failed["tiny.png"] == IndexBuilder.noFeaturesReason)
    }

    @Test func foldersWithNothingToIndexAreInputErrors() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let index = folder.appendingPathComponent("x.cmirindex").path
        func build(_ directory: String) throws { _ = try Engine.buildIndex(directory: directory, output: index, settings: Self.settings) }
        #expect(throws: CMIRError.self) { try build(folder.appendingPathComponent("missing").path) }
        #expect(throws: CMIRError.self) { try build(folder.path) }
        try Data("x".utf8).write(to: folder.appendingPathComponent("bad.png"))
        #expect(throws: CMIRError.self) { try build(folder.path) }
        // A first build that found nothing to index leaves no file that would later claim to be an interrupted index.
        #expect(!FileManager.default.fileExists(atPath: index))
    }
}

/// A thread-safe call counter for cancellation callbacks.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func next() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
}
