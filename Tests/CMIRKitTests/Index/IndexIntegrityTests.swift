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
        try TexturedImages.indexedRepository(count: 5, settings: Self.settings)
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

    @Test func anIndexWrittenByTheVersionBeforeChecksumsIsRefusedForSearchAndRebuiltByIndex() throws {
        let (folder, images, index) = try repository()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Format 4, as cmir wrote it before rows carried checksums: the same tables without the checksum column.
        try FileManager.default.removeItem(atPath: index)
        try IndexStoreTests.sqlite(index, """
            PRAGMA application_id = \(IndexStore.applicationID); PRAGMA user_version = 4;
            CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE vocabulary(id INTEGER PRIMARY KEY CHECK (id = 0), words INTEGER NOT NULL,
                                    dimension INTEGER NOT NULL, centroids BLOB NOT NULL);
            CREATE TABLE images(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, name TEXT NOT NULL, hash TEXT NOT NULL,
                                width INTEGER NOT NULL, height INTEGER NOT NULL, word_count INTEGER NOT NULL, slide TEXT);
            CREATE TABLE places(id INTEGER PRIMARY KEY, image_id INTEGER NOT NULL REFERENCES images(id), x INTEGER NOT NULL,
                                y INTEGER NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL,
                                word_count INTEGER NOT NULL, histogram BLOB NOT NULL);
            CREATE TABLE words(place_id INTEGER PRIMARY KEY REFERENCES places(id), words BLOB NOT NULL, descriptors BLOB NOT NULL);
            INSERT INTO settings VALUES ('format_version', '4');
            """)
        #expect(throws: CMIRError.input("\(index): index format version 4, this cmir reads version \(IndexStore.formatVersion); rebuild it with cmir index")) {
            try Engine(indexPath: index)
        }
        let report = try Engine.buildIndex(directory: images.path, output: index, settings: Self.settings)
        #expect(report.rebuiltBeside && report.indexed.count == 5)
        #expect(try Engine(indexPath: index).search(SearchRequest(path: images.appendingPathComponent("img1.png").path, top: 1))
            .matches.first?.name == "img1.png")
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

/// Damaged and crafted index files: every reader gives a clean error or a result, never a crash.
@Suite struct IndexFuzzTests {
    /// Opens the index at `path` and searches it, re-ranking, as `cmir query` does; true when that worked.
    static func openAndSearch(_ path: String, query: String) throws -> Bool {
        let engine = try Engine(indexPath: path)
        _ = try engine.search(SearchRequest(path: query, top: 3, rerank: 3))
        for image in engine.images { _ = try engine.words(ofImage: image.id) }
        return true
    }

    @Test func threeHundredDamagedIndexesGiveCleanErrorsOrResults() throws {
        let (folder, images, index) = try TexturedImages.indexedRepository(count: 4, settings: IndexIntegrityTests.settings)
        defer { try? FileManager.default.removeItem(at: folder) }
        let query = images.appendingPathComponent("img1.png").path
        var mutator = IndexFileMutator(validFile: try Data(contentsOf: URL(fileURLWithPath: index)), seed: 11)
        var refused = 0, accepted = 0
        let damaged = folder.appendingPathComponent("damaged.cmirindex").path
        for _ in 0..<300 {
            try mutator.next().write(to: URL(fileURLWithPath: damaged))
            do {
                _ = try Self.openAndSearch(damaged, query: query)
                accepted += 1
            } catch let error as CMIRError {
                #expect(error.description.hasPrefix(damaged) && !error.description.contains("\n"), "\(error)")
                refused += 1
            }
        }
        #expect(refused + accepted == 300 && refused > 150)
    }

    @Test func craftedRowsWithValidChecksumsAreRefusedOrHarmless() throws {
        let (folder, images, index) = try TexturedImages.indexedRepository(count: 3, settings: IndexIntegrityTests.settings)
        defer { try? FileManager.default.removeItem(at: folder) }
        let query = images.appendingPathComponent("img0.png").path
        let original = try Data(contentsOf: URL(fileURLWithPath: index))
        let hostile: [Int64] = [0, -1, -(1 << 40), 1 << 40, Int64.max, Int64.min]
        // Each change rewrites the row's checksum, as a crafted file would.
        var edits: [String] = []
        for value in hostile {
            for column in ["x", "y", "width", "height", "word_count"] {
                edits.append("UPDATE places SET \(column) = \(value)")
            }
            for column in ["width", "height", "word_count"] { edits.append("UPDATE images SET \(column) = \(value)") }
            for column in ["x", "y", "width", "height"] { edits.append("UPDATE maps SET \(column) = \(value)") }
            edits.append("UPDATE vocabulary SET words = \(value)")
            edits.append("UPDATE vocabulary SET subspaces = \(value)")
        }
        edits += ["UPDATE words SET words = x'FFFFFFFF0000C07F0000C07F003C0000'",   // word id 2^32 - 1, NaN position
                  "UPDATE words SET words = x'00'", "UPDATE words SET descriptors = x''", "UPDATE vocabulary SET codebooks = x'0000C07F'",
                  "UPDATE images SET slide = '{\"level\":-1,\"scale\":0,\"tissueFraction\":2,\"cell\":0}'",
                  "UPDATE maps SET bytes = x''", "UPDATE maps SET width = 1, height = 1, bytes = x'00'",
                  "DELETE FROM maps", "DELETE FROM words", "DELETE FROM places", "DELETE FROM images"]
        for edit in edits {
            try original.write(to: URL(fileURLWithPath: index))
            try IndexStoreTests.sqlite(index, edit + ";")
            try Self.rewriteChecksums(index)
            do { _ = try IndexFuzzTests.openAndSearch(index, query: query) } catch let error as CMIRError {
                #expect(error.description.hasPrefix(index) && !error.description.contains("\n"), "\(edit): \(error)")
            }
        }
    }

    /// Sets every row's checksum to match its values.
    static func rewriteChecksums(_ path: String) throws {
        let database = try SQLiteDatabase(path: path, create: false)
        let tables = [("settings", "key, value"), ("vocabulary", "words, dimension, centroids, subspaces, codebooks"), ("images", IndexStore.imageColumns),
                      ("places", IndexStore.placeColumns), ("words", "place_id, words, descriptors"), ("maps", IndexStore.mapColumns)]
        for (table, columns) in tables {
            let count = Int32(columns.split(separator: ",").count)
            let rows = try database.prepare("SELECT \(columns), rowid FROM \(table)").rows { ($0.checksum(ofColumns: 0..<count), $0.int(count)) }
            let update = try database.prepare("UPDATE \(table) SET checksum = ? WHERE rowid = ?")
            for (checksum, rowid) in rows { try update.run([.integer(checksum), .integer(rowid)]) }
        }
    }
}
