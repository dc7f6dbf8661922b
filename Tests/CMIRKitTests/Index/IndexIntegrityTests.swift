@testable import CMIRKit
import CMIRTestSupport
import CSQLite
import Foundation
import Testing

/// Damage inside stored rows is found by their checksums, reported with what to do, and repaired by re-indexing
/// only the files it touched.
@Suite struct IndexIntegrityTests {
    static let settings = IndexSettings(features: "sift", vocabularySize: 30, seed: 1)

    private func repository() throws -> (folder: URL, images: URL, index: String) {
        let folder = TestImages.temporaryDirectory()
        let images = folder.appendingPathComponent("images")
        try TexturedImages.writeFolder(images, count: 5)
        let index = folder.appendingPathComponent("repo.cmirindex").path
        _ = try Engine.buildIndex(directory: images.path, output: index, settings: Self.settings)
        return (folder, images, index)
    }

    @Test func aChangedByteInStoredFeaturesIsReportedNotScoredAndRepairReindexesOnlyItsFile() throws {
        let (folder, images, index) = try repository()
        defer { try? FileManager.default.removeItem(at: folder) }
        let place = try #require(try Engine(indexPath: index).places.first { $0.wordCount > 0 })
        // One byte of one stored descriptor changed behind SQLite's back, as a bad disk sector would.
        try IndexStoreTests.sqlite(index, """
            UPDATE words SET descriptors = substr(descriptors, 1, 9) || x'7F' || substr(descriptors, 11) WHERE place_id = \(place.id);
            """)
        let engine = try Engine(indexPath: index)
        let query = images.appendingPathComponent("img2.png").path
        #expect(throws: IndexStore.damaged(index, "checksum mismatch in the features of place \(place.id)")) {
            try engine.search(SearchRequest(path: query, top: 3))
        }
        let report = try Engine.buildIndex(directory: images.path, output: index, settings: Self.settings, repair: true)
        let damagedName = try #require(engine.images.first { $0.id == place.imageID }).name
        #expect(report.repaired.map { ($0 as NSString).lastPathComponent } == [damagedName])
        #expect(report.indexed.map { ($0 as NSString).lastPathComponent } == [damagedName] && report.unchanged.count == 4)
        #expect(try Engine(indexPath: index).search(SearchRequest(path: query, top: 3)).matches.first?.name == "img2.png")
        // Nothing left to repair.
        #expect(try Engine.buildIndex(directory: images.path, output: index, settings: Self.settings, repair: true).repaired.isEmpty)
    }

    @Test func aDamagedVocabularyIsRepairedByRebuildingTheWholeIndex() throws {
        let (folder, images, index) = try repository()
        defer { try? FileManager.default.removeItem(at: folder) }
        try IndexStoreTests.sqlite(index, "UPDATE vocabulary SET centroids = substr(centroids, 1, 99) || x'00' || substr(centroids, 101);")
        #expect(throws: IndexStore.damaged(index, "checksum mismatch in its vocabulary")) { try Engine(indexPath: index) }
        let report = try Engine.buildIndex(directory: images.path, output: index, settings: Self.settings, repair: true)
        #expect(report.rebuiltForDamage && report.indexed.count == 5)
        #expect(!FileManager.default.fileExists(atPath: IndexBuilder.rebuildPath(of: index)))
        #expect(try Engine(indexPath: index).search(SearchRequest(path: images.appendingPathComponent("img4.png").path, top: 1))
            .matches.first?.name == "img4.png")
    }
}
