import Foundation
import Synchronization

/// The `.cmirindex` file: one SQLite database holding the build settings, the vocabulary and, per repository
/// file (an image or a slide), its content hash, size and places: an image is one place, a slide one place per
/// cell of tissue; each place keeps its word list and descriptor codes. Every file is written in its
/// own transaction, so an interrupted build keeps every file committed before the interruption. Thread-safe: a
/// mutex serialises all use of the connection.
///
/// Schema (format version 6; the SQLite header's application_id is 'CMIR', user_version the format). Every row
/// ends in `checksum`, the `RowChecksum` of its other columns but its own id, checked whenever it is read:
///   settings(key TEXT PRIMARY KEY, value TEXT)            -- see `Key`
///   vocabulary(id = 0, words, dimension, centroids BLOB, subspaces, codebooks BLOB)
///     little-endian float32: centroids words x dimension, codebooks of the residuals (`DescriptorCoder`)
///   images(id, path UNIQUE, name, hash, width, height, word_count, slide TEXT)  -- slide: `SlideDetails` JSON or NULL
///   places(id, image_id -> images.id, x, y, width, height, word_count)
///   words(place_id -> places.id, words BLOB, descriptors BLOB)
///     words: `BinaryPacking.pack(words:)` records in the file's indexed pixels; descriptors: the same features'
///     codes, `subspaces` bytes each, for feature matching.
///   maps(place_id -> places.id, x, y, width, height, bytes BLOB)  -- the place's `RepresentationMap` (dense stage)
/// Version 1 had no descriptors, version 2 kept the representation in display strings, version 3 had no places,
/// version 4 no checksums, version 5 8-bit descriptors and stored word histograms, version 6 no maps; building
/// into an index of another version starts it afresh.
final class IndexStore: Sendable {
    static let formatVersion = 7
    /// 'CMIR' in the SQLite header: tells our databases from any other SQLite file.
    static let applicationID: Int32 = 0x434D_4952

    enum Key: String, CaseIterable {
        case formatVersion = "format_version"
        /// The `RepresentationSpec`, as JSON.
        case representation
        case features, vocabularySize = "vocabulary_size", seed
        /// Counts the changes to the repository files, so a reader can tell that the index changed since it opened.
        case generation
        /// The fingerprint of the frozen vocabulary the index was built with (absent when it trained its own).
        case vocabularySource = "vocabulary_source"
    }

    /// What a build was made with; a build with other values starts the index afresh.
    struct BuildIdentity: Equatable {
        var settings: IndexSettings
        var representation: RepresentationSpec
        /// The fingerprint of a frozen vocabulary (`FrozenVocabulary`) used instead of training one.
        var vocabularySource: String? = nil
    }

    /// One repository file as it is written: its places, each with its words and their descriptors.
    struct ImageRecord {
        var path: String
        var name: String
        var hash: String
        var width: Int
        var height: Int
        var slide: SlideDetails?
        var places: [PlaceRecord]

        var wordCount: Int { places.reduce(0) { $0 + $1.words.count } }
    }

    struct PlaceRecord {
        /// The place's extent in the file's indexed pixels.
        var rect: PixelRect
        var words: [VisualWord]
        /// One row per word, in the same order.
        var codes: DescriptorCodes
        /// The place's representation map (`RepresentationMap`), when it has a represented pixel.
        var map: RepresentationMap?
    }

    let path: String
    /// The connection, used by one thread at a time.
    private let connection: Mutex<SQLiteDatabase>
    /// Serialises read transactions (`snapshot`), which span several uses of the connection.
    private let snapshots = Mutex(())

    private init(database: sending SQLiteDatabase) {
        self.path = database.path
        self.connection = Mutex(database)
    }

    /// Opens an existing index for reading and searching.
    static func open(_ path: String) throws -> IndexStore {
        try checkFile(path, mayBeMissing: false)
        let store = IndexStore(database: try SQLiteDatabase(path: path, create: false))
        try store.checkSchema()
        guard try store.identity() != nil, try store.descriptorCoder() != nil else {
            throw CMIRError.input("\(path): the index holds no vocabulary yet (its first build was interrupted); run cmir index again")
        }
        return store
    }

    /// What an update finds at `path`: nothing yet (missing, empty, or a database without tables), an index of
    /// another format version, a database too damaged to open (only when repairing), or an index of this one.
    enum Existing {
        case none, otherVersion, damaged
        case current(IndexStore)
    }

    /// Looks at the file an update would write; refuses any file that is not a cmir index.
    static func existing(_ path: String, repairing: Bool) throws -> Existing {
        try checkFile(path, mayBeMissing: true)
        guard ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int ?? 0) > 0 else { return .none }
        do {
            let store = IndexStore(database: try SQLiteDatabase(path: path, create: false))
            if try store.isBlank() { return .none }
            if try store.isIndexOfAnotherVersion() { return .otherVersion }
            try store.checkSchema()
            return .current(store)
        } catch let error as CMIRError where repairing && error.description.contains("damaged") {
            return .damaged
        }
    }

    /// Opens an index for building: creates it when missing (or empty, as an interrupted first build leaves
    /// it); refuses any file that is not a cmir index, so a mistyped --out never overwrites other data.
    static func openForBuilding(_ path: String) throws -> IndexStore {
        try checkFile(path, mayBeMissing: true)
        let store = IndexStore(database: try SQLiteDatabase(path: path, create: true))
        if try store.isBlank() {
            try store.createSchema()
        } else if try store.isIndexOfAnotherVersion() {
            try store.recreateSchema()
        } else {
            try store.checkSchema()
        }
        return store
    }

    /// A readable, non-directory file that is empty or starts with SQLite's header. An empty path is refused: SQLite
    /// would take it for a temporary database and everything written would be lost.
    private static func checkFile(_ path: String, mayBeMissing: Bool) throws {
        guard !path.trimmingCharacters(in: .whitespaces).isEmpty else { throw CMIRError.input("the index path is empty") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            if mayBeMissing { return }
            throw CMIRError.input("\(path): no such index")
        }
        if isDirectory.boolValue { throw CMIRError.input("\(path): is a directory, not a cmir index") }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CMIRError.input("\(path): cannot be read") }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        if header.isEmpty {
            if mayBeMissing { return }
            throw CMIRError.input("\(path): the index is empty (its first build was interrupted); run cmir index again")
        }
        guard header == Data("SQLite format 3\u{0}".utf8) else {
            throw CMIRError.input("\(path): not a cmir index (not a SQLite database)")
        }
    }

    private func pragma(_ name: String) throws -> Int64 {
        try locked { try $0.prepare("PRAGMA \(name)").rows { $0.int(0) }.first ?? 0 }
    }

    private func isBlank() throws -> Bool {
        try pragma("application_id") == 0
            && locked { try $0.prepare("SELECT count(*) FROM sqlite_master").rows { $0.int(0) }.first } == 0
    }

    private func isIndexOfAnotherVersion() throws -> Bool {
        try pragma("application_id") == Int64(Self.applicationID) && pragma("user_version") != Int64(Self.formatVersion)
    }

    /// Replaces the tables of an index written by another cmir version (it is rebuilt anyway).
    private func recreateSchema() throws {
        try locked {
            try $0.execute("""
                DROP TABLE IF EXISTS maps; DROP TABLE IF EXISTS words; DROP TABLE IF EXISTS places; DROP TABLE IF EXISTS images;
                DROP TABLE IF EXISTS settings; DROP TABLE IF EXISTS vocabulary;
                """)
        }
        try createSchema()
    }

    private func checkSchema() throws {
        guard try pragma("application_id") == Int64(Self.applicationID) else {
            throw CMIRError.input("\(path): not a cmir index (a SQLite database of something else)")
        }
        let version = try pragma("user_version")
        guard version == Int64(Self.formatVersion) else {
            throw CMIRError.input("\(path): index format version \(version), this cmir reads version \(Self.formatVersion); rebuild it with cmir index")
        }
    }

    private func createSchema() throws {
        try locked { database in
            try database.transaction {
            try database.execute("""
                PRAGMA application_id = \(Self.applicationID);
                PRAGMA user_version = \(Self.formatVersion);
                CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL, checksum INTEGER NOT NULL);
                CREATE TABLE vocabulary(id INTEGER PRIMARY KEY CHECK (id = 0), words INTEGER NOT NULL,
                                        dimension INTEGER NOT NULL, centroids BLOB NOT NULL, subspaces INTEGER NOT NULL,
                                        codebooks BLOB NOT NULL, checksum INTEGER NOT NULL);
                CREATE TABLE images(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
                                    hash TEXT NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL,
                                    word_count INTEGER NOT NULL, slide TEXT, checksum INTEGER NOT NULL);
                CREATE TABLE places(id INTEGER PRIMARY KEY, image_id INTEGER NOT NULL REFERENCES images(id),
                                    x INTEGER NOT NULL, y INTEGER NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL,
                                    word_count INTEGER NOT NULL, checksum INTEGER NOT NULL);
                CREATE INDEX places_of_image ON places(image_id);
                CREATE TABLE words(place_id INTEGER PRIMARY KEY REFERENCES places(id),
                                   words BLOB NOT NULL, descriptors BLOB NOT NULL, checksum INTEGER NOT NULL);
                CREATE TABLE maps(place_id INTEGER PRIMARY KEY REFERENCES places(id), x INTEGER NOT NULL, y INTEGER NOT NULL,
                                  width INTEGER NOT NULL, height INTEGER NOT NULL, bytes BLOB NOT NULL, checksum INTEGER NOT NULL);
                """)
        }
        }
    }

    func locked<T: Sendable>(_ body: (SQLiteDatabase) throws -> T) throws -> T {
        try connection.withLock { database in try body(database) }
    }

    // MARK: settings and vocabulary

    func identity() throws -> BuildIdentity? {
        let pairs = try locked { database in
            try database.prepare("SELECT key, value, checksum FROM settings").rows { row in
                try verify(row, columns: 2, holding: "its settings")
                return (row.text(0), row.text(1))
            }
        }
        let values = Dictionary(pairs, uniquingKeysWith: { $1 })
        guard let representation = values[Key.representation.rawValue], let features = values[Key.features.rawValue],
              let size = values[Key.vocabularySize.rawValue].flatMap(Int.init),
              let seed = values[Key.seed.rawValue].flatMap(UInt64.init) else { return nil }
        guard let spec = try? JSONDecoder().decode(RepresentationSpec.self, from: Data(representation.utf8)) else {
            throw Self.damaged(path, "its representation record does not parse")
        }
        return BuildIdentity(settings: IndexSettings(features: features, vocabularySize: size, seed: seed), representation: spec,
                             vocabularySource: values[Key.vocabularySource.rawValue])
    }

    /// The vocabulary and the codebooks of its residuals.
    func descriptorCoder() throws -> DescriptorCoder? {
        let rows = try locked { database in
            try database.prepare("SELECT words, dimension, centroids, subspaces, codebooks, checksum FROM vocabulary WHERE id = 0").rows { row in
                try verify(row, columns: 5, holding: "its vocabulary")
                return (Int(row.int(0)), Int(row.int(1)), row.blob(2), Int(row.int(3)), row.blob(4))
            }
        }
        guard let (words, dimension, blob, subspaces, codebooks) = rows.first else { return nil }
        let values = try decoding { try BinaryPacking.unpackFloats(blob) }
        guard words > 0, dimension > 0, words <= values.count, dimension <= values.count, values.count == words * dimension else {
            throw Self.damaged(path, "its vocabulary has an impossible shape")
        }
        let quantizer = try decoding {
            try ProductQuantizer(validating: try BinaryPacking.unpackFloats(codebooks), subspaces: subspaces, dimension: dimension)
        }
        return DescriptorCoder(vocabulary: Vocabulary(centroids: DescriptorMatrix(rows: words, columns: dimension, values: values)),
                               quantizer: quantizer)
    }

    /// Starts the index afresh in one transaction: new identity, vocabulary and codebooks, no images.
    func reset(identity: BuildIdentity, coder: DescriptorCoder) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var values: [Key: String] = [
            .formatVersion: String(Self.formatVersion),
            .representation: String(decoding: try encoder.encode(identity.representation), as: UTF8.self),
            .features: identity.settings.features,
            .vocabularySize: String(identity.settings.vocabularySize), .seed: String(identity.settings.seed),
            .generation: "0",
        ]
        values[.vocabularySource] = identity.vocabularySource
        try locked { database in
            try database.transaction {
                try database.execute("DELETE FROM words; DELETE FROM places; DELETE FROM images; DELETE FROM settings; DELETE FROM vocabulary;")
                let insert = try database.prepare("INSERT INTO settings(key, value, checksum) VALUES (?, ?, ?)")
                for (key, value) in values { try insert.runChecksummed([.text(key.rawValue), .text(value)]) }
                try database.prepare("INSERT INTO vocabulary(id, words, dimension, centroids, subspaces, codebooks, checksum) VALUES (0, ?, ?, ?, ?, ?, ?)")
                    .runChecksummed([.integer(Int64(coder.vocabulary.size)), .integer(Int64(coder.vocabulary.dimension)),
                                     .blob(BinaryPacking.pack(floats: coder.vocabulary.centroids.values)),
                                     .integer(Int64(coder.quantizer.subspaces)), .blob(BinaryPacking.pack(floats: coder.quantizer.codebooks))])
            }
        }
    }

    /// The number of changes to repository files so far (see `Key.generation`).
    func generation() throws -> Int {
        try locked { try generation(in: $0) }
    }

    /// Counts one more change (inside the caller's transaction).
    func advanceGeneration(in database: SQLiteDatabase) throws {
        let next = String(try generation(in: database) + 1)
        try database.prepare("INSERT OR REPLACE INTO settings(key, value, checksum) VALUES (?, ?, ?)")
            .runChecksummed([.text(Key.generation.rawValue), .text(next)])
    }

    private func generation(in database: SQLiteDatabase) throws -> Int {
        let values = try database.prepare("SELECT key, value, checksum FROM settings WHERE key = ?").rows([.text(Key.generation.rawValue)]) { row in
            try verify(row, columns: 2, holding: "its settings")
            return row.text(1)
        }
        return values.first.flatMap { Int($0) } ?? 0
    }

    /// Runs `body` as one read transaction: everything it reads comes from the same state of the index, whatever
    /// a writer commits meanwhile (the writer waits for it to finish).
    func snapshot<T>(_ body: () throws -> T) throws -> T {
        try snapshots.withLock { _ in
            try locked { try $0.execute("BEGIN") }
            defer { _ = try? locked { try $0.execute("COMMIT") } }
            return try body()
        }
    }

    /// Throws the damage message when the row's checksum (the column after the first `columns`) does not match.
    func verify(_ row: SQLiteStatement, columns: Int32, holding what: String) throws {
        guard row.checksum(ofColumns: 0..<columns) == row.int(columns) else {
            throw Self.damaged(path, "checksum mismatch in \(what)")
        }
    }

    /// The message for a damaged index: what is damaged and what to do.
    static func damaged(_ path: String, _ what: String) -> CMIRError {
        .input("\(path): the index is damaged (\(what)); repair it with cmir index FOLDER --out \(path) --repair, or delete it and build it again")
    }
}
