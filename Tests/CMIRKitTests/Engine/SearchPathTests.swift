@testable import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

/// The one search path: what a request gives back besides the matches, and the work it shares between stages.
@Suite struct SearchPathTests {
    static let settings = IndexSettings(features: "sift", vocabularySize: 40, seed: 1)

    /// Five textured images indexed raw; the caller removes `folder`.
    static func repository() throws -> (folder: URL, images: URL, index: String) {
        try TexturedImages.indexedRepository(count: 5, settings: settings)
    }

    @Test func theTrueMatchIsFoundByStemBeyondTheResultsReturned() throws {
        let (folder, images, index) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: folder) }
        let engine = try Engine(indexPath: index)
        let path = images.appendingPathComponent("img3.png").path
        let all = try engine.search(SearchRequest(path: path, top: 5))
        #expect(all.matches.count == 5 && all.trueMatch?.name == "img3.png" && all.trueMatch == all.matches.first)
        // A copy of the file under another folder pairs with it by stem; with top 0 nothing is returned but the
        // true match still is.
        let decoded = try ImageFile.load(path).image
        let none = try engine.search(SearchRequest(image: decoded, name: "/elsewhere/img3.tif", top: 0))
        #expect(none.matches.isEmpty && none.trueMatch?.rank == 1)
        #expect(try engine.search(SearchRequest(image: decoded, top: 5)).trueMatch == nil)
        #expect(all.timings.load > 0 && all.timings.analysis > 0 && all.timings.rerank == 0 && none.timings.load == 0)
    }

    @Test func eachFeatureKeepsItsNearestWordsNearestFirstAndTheWordIsTheQuantizersChoice() throws {
        let (folder, images, index) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: folder) }
        let engine = try Engine(indexPath: index)
        let query = try engine.analyze(image: try ImageFile.load(images.appendingPathComponent("img1.png").path).image)
        #expect(query.nearestWords.count == query.words.count)
        #expect(query.nearestWords.allSatisfy { $0.count == min(Engine.probedWords, engine.vocabulary.size) })
        #expect(query.words.map(\.word) == engine.vocabulary.quantize(query.descriptors))
        #expect(query.nearestWords == engine.vocabulary.nearestWords(query.descriptors, count: Engine.probedWords))
    }

    @Test func theVotesHoldEveryStoredFeatureAsTheIndexFileDoes() throws {
        let (folder, _, index) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: folder) }
        let engine = try Engine(indexPath: index)
        let held = try engine.storedFeatures.value()
        for (position, place) in engine.places.enumerated() {
            let fromMemory = try #require(try held.features(ofPlaceAt: position))
            let fromFile = try engine.shards.stores[place.shard].features(ofPlace: place.id, bytesPerRow: engine.coder.bytesPerRow)
            #expect(fromMemory.words == fromFile.words)
            #expect(fromMemory.descriptors == (try engine.coder.decode(fromFile.codes, words: fromFile.words)))
        }
    }

    @Test func aSearchReportsItsStagesAndStopsWhenCancelled() throws {
        let (folder, images, index) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: folder) }
        let engine = try Engine(indexPath: index)
        let path = images.appendingPathComponent("img0.png").path
        let recorder = StageRecorder()
        _ = try engine.search(SearchRequest(path: path, rerank: 3), progress: recorder)
        #expect(recorder.details == ["loading the query", "representing and quantizing", "ranking", "re-ranking", ""])
        #expect(throws: CancellationError.self) { try engine.search(SearchRequest(path: path), isCancelled: { true }) }
    }

    /// Records the details of every progress report.
    final class StageRecorder: ProgressReporter, @unchecked Sendable {
        var details: [String] = []
        func report(stage: String, done: Int, total: Int, detail: String) { details.append(detail) }
    }
}
