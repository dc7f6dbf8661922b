@testable import CMIRKit
import CMIRTestSupport
import CSQLite
import Foundation
import Testing

@Suite struct IndexStoreTests {
    static let identity = IndexStore.BuildIdentity(settings: IndexSettings(features: "sift", vocabularySize: 3, seed: 4),
                                                   representation: .comir(CoMIRSpec(modelPath: "/models/m.cmirmodel", modelFingerprint: "0123456789abcdef", modality: "bf", averagesQuarterTurns: false)))
    static let slide = SlideDetails(level: 1, scale: 2, micronsPerPixel: 0.25, tissueFraction: 0.4, cell: 512)
    static let vocabulary = Vocabulary(centroids: DescriptorMatrix(rows: 3, columns: 2, values: [0, 1, 2, 3, 4, 5]))
    static let coder = DescriptorCoder.train(DescriptorMatrix(rows: 4, columns: 2, values: [0.6, -0.8, 1, 0, 3, 3, 4, 6]),
                                             vocabulary: vocabulary, subspaces: 2, seed: 1)

    @Test func roundTripKeepsSettingsVocabularyImagesWordsAndDescriptors() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("x.cmirindex").path
        let words = [VisualWord(word: 2, x: 1.5, y: -3, scale: 2.25, angle: 0.5), VisualWord(word: 0, x: 7, y: 8, scale: 1, angle: -1)]
        let codes = Self.coder.encode(DescriptorMatrix(rows: 2, columns: 2, values: [0.6, -0.8, 1, 0]), words: words.map(\.word))
        do {
            let store = try IndexStore.openForBuilding(path)
            try store.reset(identity: Self.identity, coder: Self.coder)
            try store.put(.init(path: "/a/b c.png", name: "b c.png", hash: "h1", width: 30, height: 20, slide: nil,
                                places: [.init(rect: PixelRect(x: 0, y: 0, width: 30, height: 20), words: words, codes: codes)]))
            let cell = PixelRect(x: 512, y: 0, width: 512, height: 512)
            try store.put(.init(path: "/a/s.svs", name: "s.svs", hash: "h2", width: 4000, height: 3000, slide: Self.slide,
                                places: [.init(rect: cell, words: Array(words.prefix(1)), codes: codes.rows(at: [0])),
                                         .init(rect: PixelRect(x: 0, y: 512, width: 512, height: 512), words: Array(words.suffix(1)),
                                               codes: codes.rows(at: [1]))]))
        }
        let store = try IndexStore.open(path)
        #expect(try store.identity() == Self.identity)
        #expect(try store.descriptorCoder() == Self.coder)
        #expect(try store.hashes() == ["/a/b c.png": "h1", "/a/s.svs": "h2"])
        let images = try store.images()
        #expect(images.count == 2 && images[1].slide == Self.slide && images[0].slide == nil)
        #expect(images[0].name == "b c.png" && images[0].width == 30 && images[0].height == 20)
        #expect(images[0].wordCount == 2 && images[1].wordCount == 2)
        let places = try store.places()
        #expect(places.map(\.imageID) == [images[0].id, images[1].id, images[1].id])
        #expect(places[1].rect == PixelRect(x: 512, y: 0, width: 512, height: 512) && places[2].wordCount == 1)
        #expect(try places.flatMap { try store.features(ofPlace: $0.id, bytesPerRow: 2).words } == words + words)
        #expect(try store.features(ofPlace: places[0].id, bytesPerRow: 2).codes == codes)
        try store.remove(path: "/a/s.svs")
        #expect(try store.places().count == 1)
        try store.remove(path: "/a/b c.png")
        #expect(try store.images().isEmpty && store.places().isEmpty)
    }

    @Test func replacingAnImageKeepsOneRow() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try IndexStore.openForBuilding(folder.appendingPathComponent("x.cmirindex").path)
        try store.reset(identity: Self.identity, coder: Self.coder)
        for hash in ["h1", "h2"] {
            try store.put(.init(path: "/p.png", name: "p.png", hash: hash, width: 1, height: 1, slide: nil,
                                places: [.init(rect: PixelRect(x: 0, y: 0, width: 1, height: 1),
                                               words: [VisualWord(word: 1, x: 0, y: 0, scale: 1, angle: 0)],
                                               codes: DescriptorCodes(bytesPerRow: 2, bytes: [1, 0]))]))
        }
        #expect(try store.hashes() == ["/p.png": "h2"])
        #expect(try store.images().count == 1 && store.places().count == 1)
    }

    /// Opening `contents` as an index fails with an input error whose text contains `expected`.
    func expectRefused(_ write: (String) throws -> Void, _ expected: String) throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("bad.cmirindex").path
        try write(path)
        #expect(throws: CMIRError.self) { try IndexStore.open(path) }
        do { _ = try IndexStore.open(path) } catch let error as CMIRError {
            guard case .input(let reason) = error else { Issue.record("not an input error: \(error)"); return }
            #expect(reason.contains(expected), "\(reason)")
            #expect(!reason.contains("\n"))
        }
    }

    static func sqlite(_ path: String, _ sql: String) throws {
        var db: OpaquePointer?
        #expect(sqlite3_open(path, &db) == SQLITE_OK)
        #expect(sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK)
        sqlite3_close(db)
    }

    @Test func foreignDamagedAndUnfinishedFilesAreRefusedWithAReason() throws {
        try expectRefused({ try Data("hello, not a database".utf8).write(to: URL(fileURLWithPath: $0)) }, "not a SQLite database")
        try expectRefused({ try Self.sqlite($0, "CREATE TABLE t(x); INSERT INTO t VALUES (1);") }, "not a cmir index")
        try expectRefused({ _ = FileManager.default.createFile(atPath: $0, contents: Data()) }, "interrupted")
        try expectRefused({ path in
            _ = try IndexStore.openForBuilding(path)
            try Self.sqlite(path, "PRAGMA user_version = 99;")
        }, "format version 99")
        try expectRefused({ _ = try IndexStore.openForBuilding($0) }, "no vocabulary")
        try expectRefused({ path in
            let store = try IndexStore.openForBuilding(path)
            try store.reset(identity: Self.identity, coder: Self.coder)
            // Damage the first page header after the magic string.
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.seek(toOffset: 16)
            handle.write(Data([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]))
            try handle.close()
        }, "bad.cmirindex")
    }

    @Test func anIndexOfAnotherFormatVersionIsRefusedForSearchAndStartedAfreshForBuilding() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("old.cmirindex").path
        do {
            let store = try IndexStore.openForBuilding(path)
            try store.reset(identity: Self.identity, coder: Self.coder)
        }
        try Self.sqlite(path, "PRAGMA user_version = 1;")
        #expect(throws: CMIRError.self) { try IndexStore.open(path) }
        let rebuilt = try IndexStore.openForBuilding(path)
        #expect(try rebuilt.identity() == nil && rebuilt.descriptorCoder() == nil)
        try rebuilt.reset(identity: Self.identity, coder: Self.coder)
        #expect(try IndexStore.open(path).identity() == Self.identity)
    }

    @Test func aDamagedRepresentationRecordIsReportedNotGuessed() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("x.cmirindex").path
        do {
            let store = try IndexStore.openForBuilding(path)
            try store.reset(identity: Self.identity, coder: Self.coder)
        }
        // Changed without its checksum (as damage does), then with it (as a crafted file would be).
        try Self.sqlite(path, "UPDATE settings SET value = 'comir:0123456789abcdef' WHERE key = 'representation';")
        #expect(throws: IndexStore.damaged(path, "checksum mismatch in its settings")) { try IndexStore.open(path) }
        let checksum = RowChecksum.of([.text("representation"), .text("comir:0123456789abcdef")])
        try Self.sqlite(path, "UPDATE settings SET checksum = \(checksum) WHERE key = 'representation';")
        #expect(throws: IndexStore.damaged(path, "its representation record does not parse")) { try IndexStore.open(path) }
    }

    @Test func buildingRefusesToOverwriteAForeignFile() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("photo.png").path
        let original = Data("precious".utf8)
        try original.write(to: URL(fileURLWithPath: path))
        #expect(throws: CMIRError.self) { try IndexStore.openForBuilding(path) }
        #expect(FileManager.default.contents(atPath: path) == original)
    }
}
