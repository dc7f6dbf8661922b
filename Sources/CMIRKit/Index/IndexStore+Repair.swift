import Foundation

/// Finding and dropping the damaged parts of an index (`cmir index --repair`), so that the next build re-indexes
/// the files they belonged to.
extension IndexStore {
    /// Whether SQLite's own structure (pages, b-trees) is intact; when not, nothing in the file can be trusted.
    func structureIsIntact() -> Bool {
        (try? locked { try $0.prepare("PRAGMA quick_check").rows { $0.text(0) } }) == ["ok"]
    }

    /// Checks every file's rows (its record, its places and their features, and that their word counts agree)
    /// and deletes the files with any damaged row, and rows that belong to no file. Returns the dropped files'
    /// paths (their ids where the path itself is damaged).
    func dropDamagedFiles() throws -> [String] {
        try locked { database in
            try database.transaction {
                var damaged = Set<Int64>()
                var names: [Int64: String] = [:]
                var wordCounts: [Int64: Int64] = [:]
                let imageRows = try database.prepare("SELECT \(Self.imageColumns), checksum, id FROM images").rows { row in
                    (row.int(8), row.checksum(ofColumns: 0..<7) == row.int(7), row.text(0), row.int(5))
                }
                for (id, sound, path, words) in imageRows {
                    names[id] = sound ? path : "file \(id)"
                    wordCounts[id] = words
                    if !sound { damaged.insert(id) }
                }
                var placeOwners: [Int64: Int64] = [:]
                var placedWords: [Int64: Int64] = [:]
                let placeRows = try database.prepare("SELECT \(Self.placeColumns), checksum, id FROM places").rows { row in
                    (row.int(7), row.int(0), row.checksum(ofColumns: 0..<6) == row.int(6), row.int(5))
                }
                for (place, image, sound, words) in placeRows {
                    if sound {
                        placeOwners[place] = image
                        placedWords[image, default: 0] += words
                    } else {
                        try database.prepare("DELETE FROM places WHERE id = ?").run([.integer(place)])
                        damaged.insert(image)
                    }
                }
                var featured = Set<Int64>()
                let wordRows = try database.prepare("SELECT place_id, words, descriptors, checksum FROM words").rows { row in
                    (row.int(0), row.checksum(ofColumns: 0..<3) == row.int(3))
                }
                for (place, sound) in wordRows {
                    if sound, placeOwners[place] != nil { featured.insert(place) } else {
                        try database.prepare("DELETE FROM words WHERE place_id = ?").run([.integer(place)])
                        if let owner = placeOwners[place] { damaged.insert(owner) }
                    }
                }
                let mapRows = try database.prepare("SELECT \(Self.mapColumns), checksum FROM maps").rows { row in
                    (row.int(0), row.checksum(ofColumns: 0..<6) == row.int(6))
                }
                for (place, sound) in mapRows where !sound || placeOwners[place] == nil {
                    try database.prepare("DELETE FROM maps WHERE place_id = ?").run([.integer(place)])
                    if let owner = placeOwners[place] { damaged.insert(owner) }
                }
                for (place, owner) in placeOwners where !featured.contains(place) { damaged.insert(owner) }
                for (id, words) in wordCounts where placedWords[id, default: 0] != words { damaged.insert(id) }
                for id in damaged {
                    try database.prepare("DELETE FROM maps WHERE place_id IN (SELECT id FROM places WHERE image_id = ?)").run([.integer(id)])
                    try database.prepare("DELETE FROM words WHERE place_id IN (SELECT id FROM places WHERE image_id = ?)").run([.integer(id)])
                    try database.prepare("DELETE FROM places WHERE image_id = ?").run([.integer(id)])
                    try database.prepare("DELETE FROM images WHERE id = ?").run([.integer(id)])
                }
                try database.execute("""
                    DELETE FROM places WHERE image_id NOT IN (SELECT id FROM images);
                    DELETE FROM words WHERE place_id NOT IN (SELECT id FROM places);
                    DELETE FROM maps WHERE place_id NOT IN (SELECT id FROM places);
                    """)
                if !damaged.isEmpty { try advanceGeneration(in: database) }
                return damaged.compactMap { names[$0] }.sorted()
            }
        }
    }
}
