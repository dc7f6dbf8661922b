@testable import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

@Suite struct FastRerankerTests {
    /// A repository of six synthetic images and a query cut from one of them at a known place and turned.
    static func repository() throws -> (folder: URL, index: String, engine: Engine) {
        let repository = try TestImages.blobRepository(count: 6, side: 384, firstSeed: 100,
                                                       settings: IndexSettings(features: "sift", vocabularySize: 200, seed: 3))
        return (repository.folder, repository.index, try Engine(indexPath: repository.index))
    }

    @Test(arguments: [(-20.0, 250.0, 140.0), (12.0, 120.0, 260.0), (0.0, 200.0, 200.0)])
    func findsARotatedCutOutWhereItCameFrom(angle: Double, centreX: Double, centreY: Double) throws {
        let (folder, _, engine) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = TestImages.blobs(width: 384, height: 384, seed: 104)
        let side = 128
        // Turn the image about the cut-out's centre, then cut the centre out: the query is the image's
        // neighbourhood of (centreX, centreY) turned by `angle` counter-clockwise.
        let turned = source.warped(by: .rotation(degrees: angle, center: (centreX, centreY)), border: [0.5])
        let query = try #require(turned.cropped(to: PixelRect(x: Int(centreX) - side / 2, y: Int(centreY) - side / 2,
                                                             width: side, height: side)))
        let matches = try engine.search(SearchRequest(image: query, top: 6, rerank: 6)).matches
        let first = try #require(matches.first)
        #expect(first.name == "image4.png")
        let region = try #require(first.region)
        let foundX = region.x + region.width / 2, foundY = region.y + region.height / 2
        let error = ((foundX - centreX) * (foundX - centreX) + (foundY - centreY) * (foundY - centreY)).squareRoot()
        #expect(error <= 0.1 * Double(side), "centre off by \(error) px")
        // The query's footprint in the image is turned the other way.
        #expect(abs(region.angle + angle) <= 5, "angle \(region.angle)")
        #expect(abs(region.width - Double(side)) <= 0.15 * Double(side))
        #expect(matches.dropFirst().allSatisfy { $0.score <= first.score })
    }

    @Test func queryFeaturesArePairedWithTheStoredFeaturesNearestInDescriptorOnlyInsideTheKeptWindows() throws {
        // Stored features 0-3 with unit descriptors along the four axes; the query's two features lie near
        // axes 0 and 2. Feature 2 is outside the kept windows, so the second query feature falls back to 3.
        let stored = (0..<4).map { VisualWord(word: UInt32($0), x: Float(10 * $0), y: 5, scale: 2, angle: 0.1) }
        let descriptors = DescriptorMatrix(rows: 4, columns: 4, values: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])
        let query = QueryFeatures(words: [VisualWord(word: 0, x: 1, y: 1, scale: 2, angle: 0.2),
                                          VisualWord(word: 2, x: 2, y: 2, scale: 2, angle: 0.3)],
                                  descriptors: DescriptorMatrix(rows: 2, columns: 4, values: [0.9, 0.1, 0, 0, 0, 0, 0.9, 0.3]),
                                  nearestWords: [[0], [2]], region: nil, imageWidth: 50, imageHeight: 50)
        let pairs = try FastReranker.nearestPairs(query: query, candidateWords: stored, descriptors: descriptors,
                                                  kept: [0, 1, 3], neighbours: 1)
        #expect(pairs.map(\.queryIndex) == [0, 1])
        #expect(pairs.map(\.targetIndex) == [0, 3])
        #expect(abs((pairs[0].rotation ?? 0) - (0.1 - 0.2)) < 1e-6)
        #expect(try FastReranker.nearestPairs(query: query, candidateWords: stored, descriptors: descriptors,
                                              kept: [0, 1, 2, 3], neighbours: 2).count == 4)
        #expect(throws: CMIRError.self) {
            try FastReranker.nearestPairs(query: query, candidateWords: Array(stored.prefix(3)), descriptors: descriptors,
                                          kept: [0], neighbours: 1)
        }
    }

    @Test func unverifiableCandidatesKeepTheirOrderBehind() throws {
        let (folder, _, engine) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: folder) }
        let stranger = TestImages.blobs(width: 200, height: 200, seed: 999)
        let plain = try engine.search(SearchRequest(image: stranger, top: 6, rerank: 0)).matches
        let reranked = try engine.search(SearchRequest(image: stranger, top: 6, rerank: 6)).matches
        #expect(Set(reranked.map(\.name)) == Set(plain.map(\.name)))
        let unverified = reranked.filter { !$0.verified }.map(\.name)
        #expect(unverified == plain.map(\.name).filter { unverified.contains($0) })
        // The dense stage's placement stays on an unverified match that has one.
        #expect(reranked.allSatisfy { m in m.verified || plain.first { $0.name == m.name }?.region.map { $0 == m.region } ?? true })
    }

    @Test func significanceDecidesWhichMatchesAreVerifiedAndGoFirstTheRestKeepTheFirstStagesOrder() throws {
        let (folder, index, _) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: folder) }
        let query = try #require(TestImages.blobs(width: 384, height: 384, seed: 102)
            .cropped(to: PixelRect(x: 100, y: 120, width: 160, height: 160)))
        let request = SearchRequest(image: query, top: 6, rerank: 6)
        let lenient = try Engine(indexPath: index, reranker: .custom(FastReranker(significance: 0))).search(request).matches
        let strict = try Engine(indexPath: index, reranker: .custom(FastReranker(significance: 100))).search(request).matches
        #expect(lenient.first?.name == "image2.png")
        #expect(lenient.first?.region != nil && lenient.first?.verified == true)
        #expect(strict.allSatisfy { !$0.verified })
        let plain = try Engine(indexPath: index).search(SearchRequest(image: query, top: 6)).matches.map(\.name)
        #expect(strict.map(\.name) == plain)
        let verified = lenient.prefix { $0.verified }.map(\.name)
        #expect(!verified.isEmpty && lenient.dropFirst(verified.count).allSatisfy { !$0.verified })
        #expect(lenient.dropFirst(verified.count).map(\.name) == plain.filter { !verified.contains($0) })
    }
}
