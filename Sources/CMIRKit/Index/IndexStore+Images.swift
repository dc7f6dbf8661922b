import Foundation

/// The repository files of an index, their places and each place's words and descriptors.
extension IndexStore {
    /// Content hash of every indexed file, by path.
    func hashes() throws -> [String: String] {
        let rows = try locked { database in
            try database.prepare("SELECT \(Self.imageColumns), checksum FROM images").rows { row in
                try verify(row, columns: 7, holding: "its list of files")
                return (row.text(0), row.text(2))
            }
        }
        return Dictionary(rows, uniquingKeysWith: { $1 })
    }

    /// Adds a file with its places, replacing any earlier version at the same path, in one transaction.
    func put(_ record: ImageRecord) throws {
        let slide = try record.slide.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        try locked { database in
            try database.transaction {
                try deleteRows(path: record.path, in: database)
                try database.prepare("INSERT INTO images(\(Self.imageColumns), checksum) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                    .runChecksummed([.text(record.path), .text(record.name), .text(record.hash),
                                     .integer(Int64(record.width)), .integer(Int64(record.height)),
                                     .integer(Int64(record.wordCount)), slide.map { .text($0) } ?? .null])
                let imageID = database.lastInsertedRowID
                let insertPlace = try database.prepare("INSERT INTO places(\(Self.placeColumns), checksum) VALUES (?, ?, ?, ?, ?, ?, ?)")
                let insertWords = try database.prepare("INSERT INTO words(place_id, words, descriptors, checksum) VALUES (?, ?, ?, ?)")
                let insertMap = try database.prepare("INSERT INTO maps(\(Self.mapColumns), checksum) VALUES (?, ?, ?, ?, ?, ?, ?)")
                for place in record.places {
                    try insertPlace.runChecksummed([.integer(imageID), .integer(Int64(place.rect.x)), .integer(Int64(place.rect.y)),
                                                    .integer(Int64(place.rect.width)), .integer(Int64(place.rect.height)),
                                                    .integer(Int64(place.words.count))])
                    let placeID = database.lastInsertedRowID
                    try insertWords.runChecksummed([.integer(placeID), .blob(BinaryPacking.pack(words: place.words)),
                                                    .blob(BinaryPacking.pack(codes: place.codes))])
                    if let map = place.map {
                        try insertMap.runChecksummed([.integer(placeID), .integer(Int64(map.x)), .integer(Int64(map.y)),
                                                      .integer(Int64(map.width)), .integer(Int64(map.height)), .blob(Data(map.bytes))])
                    }
                }
                try advanceGeneration(in: database)
            }
        }
    }

    /// Drops a file, its places and their words, in one transaction.
    func remove(path: String) throws {
        try locked { database in
            try database.transaction {
                try deleteRows(path: path, in: database)
                try advanceGeneration(in: database)
            }
        }
    }

    /// Deletes the rows of the file at `path` (inside the caller's transaction).
    private func deleteRows(path: String, in database: SQLiteDatabase) throws {
        try database.prepare("""
            DELETE FROM maps WHERE place_id IN
                (SELECT places.id FROM places JOIN images ON places.image_id = images.id WHERE images.path = ?)
            """).run([.text(path)])
        try database.prepare("""
            DELETE FROM words WHERE place_id IN
                (SELECT places.id FROM places JOIN images ON places.image_id = images.id WHERE images.path = ?)
            """).run([.text(path)])
        try database.prepare("DELETE FROM places WHERE image_id IN (SELECT id FROM images WHERE path = ?)").run([.text(path)])
        try database.prepare("DELETE FROM images WHERE path = ?").run([.text(path)])
    }

    /// The checksummed columns of `images` and `places`, in the order rows are written and read.
    static let imageColumns = "path, name, hash, width, height, word_count, slide"
    static let placeColumns = "image_id, x, y, width, height, word_count"
    static let mapColumns = "place_id, x, y, width, height, bytes"

    /// Every file, ordered by name then path (the order ties are ranked in).
    func images() throws -> [IndexedImage] {
        let rows = try locked { database in
            try database.prepare("SELECT \(Self.imageColumns), checksum, id FROM images ORDER BY name, path").rows { row in
                try verify(row, columns: 7, holding: "its list of files")
                return (IndexedImage(id: row.int(8), name: row.text(1), path: row.text(0), width: Int(row.int(3)),
                                     height: Int(row.int(4)), wordCount: Int(row.int(5))), row.isNull(6) ? nil : row.text(6))
            }
        }
        return try rows.map { image, slide in
            guard let slide else { return image }
            guard let details = try? JSONDecoder().decode(SlideDetails.self, from: Data(slide.utf8)) else {
                throw Self.damaged(path, "the slide record of \(image.name) does not parse")
            }
            return IndexedImage(id: image.id, name: image.name, path: image.path, width: image.width, height: image.height,
                                wordCount: image.wordCount, slide: details)
        }
    }

    /// Every place, in file order (`images()`) and then in the order they were written.
    func places() throws -> [IndexedPlace] {
        try locked { database in
            try database.prepare("""
                SELECT image_id, x, y, places.width, places.height, places.word_count, places.checksum, places.id
                FROM places JOIN images ON places.image_id = images.id ORDER BY images.name, images.path, places.id
                """).rows { row in
                try verify(row, columns: 6, holding: "its places")
                return IndexedPlace(id: row.int(7), imageID: row.int(0),
                                    rect: PixelRect(x: Int(row.int(1)), y: Int(row.int(2)), width: Int(row.int(3)), height: Int(row.int(4))),
                                    wordCount: Int(row.int(5)))
            }
        }
    }

    /// The stored words of one place and their descriptor codes, a row per word.
    func features(ofPlace id: Int64, bytesPerRow: Int) throws -> (words: [VisualWord], codes: DescriptorCodes) {
        let blobs = try locked { database in
            try database.prepare("SELECT place_id, words, descriptors, checksum FROM words WHERE place_id = ?").rows([.integer(id)]) { row in
                try verify(row, columns: 3, holding: "the features of place \(id)")
                return (row.blob(1), row.blob(2))
            }
        }
        guard let (words, descriptors) = blobs.first else {
            throw CMIRError.input("\(path): the index has no place \(id) any more (it was updated since it was opened); open it again")
        }
        let features = try decoding {
            (words: try BinaryPacking.unpackWords(words), codes: try BinaryPacking.unpackCodes(descriptors, bytesPerRow: bytesPerRow))
        }
        guard features.words.count == features.codes.rows else {
            throw Self.damaged(path, "place \(id) has \(features.words.count) words but \(features.codes.rows) descriptors")
        }
        return features
    }

    /// The representation map of every place that has one, by place id.
    func maps() throws -> [Int64: RepresentationMap] {
        let rows = try locked { database in
            try database.prepare("SELECT \(Self.mapColumns), checksum FROM maps").rows { row in
                try verify(row, columns: 6, holding: "its representation maps")
                return (row.int(0), Int(row.int(1)), Int(row.int(2)), Int(row.int(3)), Int(row.int(4)), row.blob(5))
            }
        }
        var maps: [Int64: RepresentationMap] = [:]
        for (place, x, y, width, height, bytes) in rows {
            // Bounds first, so that a crafted size cannot overflow the product below.
            let reach = 1 << 30
            guard width > 0, height > 0, width < reach, height < reach, x > -reach, x < reach, y > -reach, y < reach,
                  bytes.count == width * height else {
                throw Self.damaged(path, "the map of place \(place) holds \(bytes.count) bytes for \(width) x \(height) at \(x), \(y)")
            }
            maps[place] = RepresentationMap(x: x, y: y, width: width, height: height, bytes: [UInt8](bytes))
        }
        return maps
    }

    /// Runs an unpacking of stored bytes; its complaint becomes the damage message naming this index.
    func decoding<T>(_ unpack: () throws -> T) throws -> T {
        do { return try unpack() } catch CMIRError.input(let reason) { throw Self.damaged(path, reason) }
    }
}
