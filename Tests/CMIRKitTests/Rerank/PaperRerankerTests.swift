import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

@Suite struct PaperRerankerTests {
    @Test func patchesCoverTheImageEquidistantly() {
        let patches = PaperReranker.coveringPatches(width: 512, height: 300, patch: (160, 160))
        #expect(patches.map(\.x).prefix(4) == [0, 117, 235, 352])
        #expect(Set(patches.map(\.y)) == [0, 140])
        #expect(patches.count == 8)
        #expect(patches.allSatisfy { $0.width == 160 && $0.height == 160 })
        #expect(PaperReranker.coveringPatches(width: 100, height: 80, patch: (160, 160)) == [PixelRect(x: 0, y: 0, width: 100, height: 80)])
    }

    /// Worked out by hand: a full-size query that is a repository image has, in the new vocabulary, the very
    /// histogram of that image (cosine 1), so it comes first. A query that is one of the covering patches of
    /// image2 has nearly that patch's features (the per-image stretch of the raw representation differs
    /// slightly between the crop and the whole), so that patch ranks first and image2 is placed first with that
    /// patch as its region. Every candidate keeps a place (first occurrence of its patches).
    @Test func anExactPatchComesFirstWithItsPlace() throws {
        let (folder, repository, index) = try TestImages.blobRepository(
            count: 3, side: 256, firstSeed: 40, settings: IndexSettings(features: "sift", vocabularySize: 50, seed: 5))
        defer { try? FileManager.default.removeItem(at: folder) }
        let engine = try Engine(indexPath: index, reranker: .paper)
        let whole = try ImageFile.load(repository.appendingPathComponent("image2.png").path).image
        let patch = PixelRect(x: 96, y: 0, width: 160, height: 160)   // the second of the two covering columns
        let matches = try engine.search(SearchRequest(image: whole, region: patch, top: 3, rerank: 3)).matches
        #expect(matches.map(\.rank) == [1, 2, 3])
        #expect(matches.first?.name == "image2.png")
        #expect((matches.first?.score ?? 0) > 0.9)
        #expect(matches.first?.region == MatchRegion(x: 96, y: 0, width: 160, height: 160, angle: 0))
        #expect(Set(matches.map(\.name)) == ["image0.png", "image1.png", "image2.png"])

        let full = try engine.search(SearchRequest(image: try ImageFile.load(repository.appendingPathComponent("image1.png").path).image,
                                     top: 3, rerank: 3)).matches
        #expect(full.first?.name == "image1.png")
        #expect(abs((full.first?.score ?? 0) - 1) < 1e-5)
    }
}
