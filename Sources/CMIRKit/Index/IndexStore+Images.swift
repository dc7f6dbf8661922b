import Foundation

/// The repository files of an index, their places and each place's words and descriptors.
extension IndexStore {
    /// Content hash of every indexed file, by path.
    func hashes() throws -> [String: String] {
        let rows = try locked { database in try database.prepare("SELECT path, hash FROM images").rows { ($0.text(0), $0.text(1)) } }
        return Dictionary(rows, uniquingKeysWith: { $1 })
    }

    /// Adds a file with its places, replacing any earlier version at the same path, in one transaction.
    func put(_ record: ImageRecord) throws {
        let slide = try record.slide.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        try locked { database in
            try database.transaction {
                try deleteRows(path: record.path, in: database)
                try database.prepare("""
                    INSERT INTO images(path, name, hash, width, height, word_count, slide) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """).run([.text(record.path), .text(record.name), .text(record.hash),
                              .integer(Int64(record.width)), .integer(Int64(record.height)),
                              .integer(Int64(record.wordCount)), slide.map { .text($0) } ?? .null])
                let imageID = database.lastInsertedRowID
                let insertPlace = try database.prepare("""
                    INSERT INTO places(image_id, x, y, width, height, word_count, histogram) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
                let insertWords = try database.prepare("INSERT INTO words(place_id, words, descriptors) VALUES (?, ?, ?)")
                for place in record.places {
                    try insertPlace.run([.integer(imageID), .integer(Int64(place.rect.x)), .integer(Int64(place.rect.y)),
                                         .integer(Int64(place.rect.width)), .integer(Int64(place.rect.height)),
                                         .integer(Int64(place.words.count)),
                                         .blob(BinaryPacking.pack(histogram: place.histogram.entries))])
                    try insertWords.run([.integer(database.lastInsertedRowID), .blob(BinaryPacking.pack(words: place.words)),
                                         .blob(BinaryPacking.pack(descriptors: place.descriptors))])
                }
            }
        }
    }

    /// Drops a file, its places and their words, in one transaction.
    func remove(path: String) throws {
        try locked { database in
            try database.transaction { try deleteRows(path: path, in: database) }
        }
    }

    /// Deletes the rows of the file at `path` (inside the caller's transaction).
    private func deleteRows(path: String, in database: SQLiteDatabase) throws {
        try database.prepare("""
            DELETE FROM words WHERE place_id IN
                (SELECT places.id FROM places JOIN images ON places.image_id = images.id WHERE images.path = ?)
            """).run([.text(path)])
        try database.prepare("DELETE FROM places WHERE image_id IN (SELECT id FROM images WHERE path = ?)").run([.text(path)])
        try database.prepare("DELETE FROM images WHERE path = ?").run([.text(path)])
    }

    /// Every file, ordered by name then path (the order ties are ranked in).
    func images() throws -> [IndexedImage] {
        let rows = try locked { database in
            try database.prepare("SELECT id, name, path, width, height, word_count, slide FROM images ORDER BY name, path").rows { row in
                (IndexedImage(id: row.int(0), name: row.text(1), path: row.text(2), width: Int(row.int(3)),
                              height: Int(row.int(4)), wordCount: Int(row.int(5))), row.isNull(6) ? nil : row.text(6))
            }
        }
        return try rows.map { image, slide in
            guard let slide else { return image }
            guard let details = try? JSONDecoder().decode(SlideDetails.self, from: Data(slide.utf8)) else {
                throw CMIRError.input("\(path): the record of \(image.name) is damaged; rebuild the index with cmir index")
            }
            return IndexedImage(id: image.id, name: image.name, path: image.path, width: image.width, height: image.height,
                                wordCount: image.wordCount, slide: details)
        }
    }

    /// Every place with its histogram, in file order (`images()`) and then in the order they were written.
    func places() throws -> [(place: IndexedPlace, histogram: WordHistogram)] {
        let rows = try locked { database in
            try database.prepare("""
                SELECT places.id, image_id, x, y, places.width, places.height, places.word_count, histogram
                FROM places JOIN images ON places.image_id = images.id ORDER BY images.name, images.path, places.id
                """).rows { row in
                (IndexedPlace(id: row.int(0), imageID: row.int(1),
                              rect: PixelRect(x: Int(row.int(2)), y: Int(row.int(3)), width: Int(row.int(4)), height: Int(row.int(5))),
                              wordCount: Int(row.int(6))), row.blob(7))
            }
        }
        return try rows.map { ($0.0, WordHistogram(entries: try BinaryPacking.unpackHistogram($0.1))) }
    }

    /// The stored word list of one place.
    func words(ofPlace id: Int64) throws -> [VisualWord] {
        try BinaryPacking.unpackWords(blob(.words, ofPlace: id))
    }

    /// The stored descriptors of one place, a row per word of `words(ofPlace:)`.
    func descriptors(ofPlace id: Int64, columns: Int) throws -> DescriptorMatrix {
        try descriptorCodes(ofPlace: id, columns: columns).decoded()
    }

    /// The same descriptors as stored, in 8-bit codes.
    func descriptorCodes(ofPlace id: Int64, columns: Int) throws -> DescriptorCodes {
        try BinaryPacking.unpackDescriptorCodes(blob(.descriptors, ofPlace: id), columns: columns)
    }

    /// The words of every place of a file, in place order.
    func words(ofImage id: Int64) throws -> [VisualWord] {
        let places = try locked { database in
            try database.prepare("SELECT id FROM places WHERE image_id = ? ORDER BY id").rows([.integer(id)]) { $0.int(0) }
        }
        guard !places.isEmpty else { throw CMIRError.input("\(path): no image with id \(id) in the index") }
        return try places.flatMap { try words(ofPlace: $0) }
    }

    /// The per-place blobs of the `words` table.
    private enum PlaceBlob: String { case words, descriptors }

    private func blob(_ column: PlaceBlob, ofPlace id: Int64) throws -> Data {
        let blobs = try locked { database in
            try database.prepare("SELECT \(column.rawValue) FROM words WHERE place_id = ?").rows([.integer(id)]) { $0.blob(0) }
        }
        guard let blob = blobs.first else { throw CMIRError.input("\(path): no place with id \(id) in the index") }
        return blob
    }
}
