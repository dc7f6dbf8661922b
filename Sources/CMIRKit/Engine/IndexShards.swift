import Foundation

/// The index files one engine searches: one index, or every shard of a shards folder (`cmir index --shard`) read
/// as one index. Shards must share their settings and frozen vocabulary; their files and places are merged in the
/// order one index of all of them holds (files by name then path, places in the order written), so that a search
/// over the shards ranks exactly as a search over one index of the same files.
struct IndexShards: Sendable {
    let paths: [String]
    let stores: [IndexStore]
    let identity: IndexStore.BuildIdentity
    let coder: DescriptorCoder
    /// File ids are made unique across shards: the shard's number above bit 40, the file's own id below.
    let images: [IndexedImage]
    let places: [IndexedPlace]
    private let generations: [Int]
    /// Shards a shards folder lacks, by the file names `cmir index --shard K/N` gives (`shard-K-of-N.cmirindex`):
    /// the tasks that failed or have not finished; the others are searched without them.
    let missing: [String]
    /// Shards present but marked incomplete by the folder's manifest (`cmir manifest`): searched, yet lacking files.
    let incomplete: [String]

    init(path: String) throws {
        paths = try Self.files(at: path)
        missing = Self.missingShards(among: paths)
        incomplete = paths == [path] ? [] : ShardManifest.incompleteShards(inFolder: path)
        var stores: [IndexStore] = [], generations: [Int] = [], images: [IndexedImage] = []
        var places: [IndexedPlace] = []
        var first: (identity: IndexStore.BuildIdentity, coder: DescriptorCoder)?
        for (shard, file) in paths.enumerated() {
            let store = try IndexStore.open(file)
            // One read transaction per file: its settings, files and places from the same state.
            let (identity, coder, shardImages, rows, generation) = try store.snapshot {
                guard let identity = try store.identity(), let coder = try store.descriptorCoder() else {
                    throw CMIRError.input("\(file): the index is unfinished; run cmir index again")
                }
                return (identity, coder, try store.images(), try store.places(), try store.generation())
            }
            if let first {
                guard identity == first.identity, identity.vocabularySource != nil else {
                    throw CMIRError.input("\(file): built with other settings or another vocabulary than \(paths[0]); shards share one (cmir index --vocabulary-from)")
                }
            } else {
                first = (identity, coder)
            }
            let offset = Int64(shard) << 40
            images += shardImages.map { IndexedImage(id: offset | $0.id, name: $0.name, path: $0.path, width: $0.width,
                                                     height: $0.height, wordCount: $0.wordCount, slide: $0.slide) }
            places += rows.map { place in
                IndexedPlace(id: place.id, imageID: offset | place.imageID, rect: place.rect, wordCount: place.wordCount, shard: shard)
            }
            stores.append(store)
            generations.append(generation)
        }
        guard let first else { throw CMIRError.input("\(path): no index") }
        // The order of one index: files by name then path (SQLite's byte order), places as written.
        images.sort { a, b in a.name != b.name ? a.name.utf8.lexicographicallyPrecedes(b.name.utf8) : a.path.utf8.lexicographicallyPrecedes(b.path.utf8) }
        let rank = Dictionary(uniqueKeysWithValues: images.enumerated().map { ($0.element.id, $0.offset) })
        places.sort { a, b in
            let ra = rank[a.imageID] ?? Int.max, rb = rank[b.imageID] ?? Int.max
            return ra != rb ? ra < rb : a.id < b.id
        }
        self.stores = stores
        self.generations = generations
        self.identity = first.identity
        self.coder = first.coder
        self.images = images
        self.places = places
    }

    /// The index file at `path`, or every `*.cmirindex` in the shards folder at `path`.
    static func files(at path: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        let shards = names.filter { $0.hasSuffix(".cmirindex") }.sorted()
        guard !shards.isEmpty else { throw CMIRError.input("\(path): a folder without index files (*.cmirindex)") }
        return shards.map { (path as NSString).appendingPathComponent($0) }
    }

    /// The names `shard-K-of-N.cmirindex` absent for every N the present ones name.
    static func missingShards(among paths: [String]) -> [String] {
        let names = Set(paths.map { ($0 as NSString).lastPathComponent })
        let counts = Set(names.compactMap { name -> Int? in
            let parts = name.split(separator: "-")
            guard parts.count == 4, parts[0] == "shard", parts[2] == "of", parts[3].hasSuffix(".cmirindex") else { return nil }
            return Int(parts[3].dropLast(".cmirindex".count))
        })
        return counts.sorted().flatMap { count in
            (1...max(1, min(count, ShardSelection.maximumCount))).map { "shard-\($0)-of-\(count).cmirindex" }.filter { !names.contains($0) }
        }
    }

    /// The features of every place (in the given order). The shards are read in parallel, each on its own
    /// connection in one transaction, and refused when it changed since it was opened.
    func allFeatures(of places: [IndexedPlace]) throws -> [(words: [VisualWord], codes: DescriptorCodes)] {
        let perShard = ParallelMap.results(stores.count) { shard in
            try unchanged(shard) {
                try places.indices.filter { places[$0].shard == shard }.map { i in
                    (i, try stores[shard].features(ofPlace: places[i].id, bytesPerRow: coder.bytesPerRow))
                }
            }
        }
        var features = [(words: [VisualWord], codes: DescriptorCodes)?](repeating: nil, count: places.count)
        for result in perShard {
            for (i, placeFeatures) in try result.get() { features[i] = placeFeatures }
        }
        return features.map { $0! }
    }

    /// The representation map of every place (in the given order; nil where a place has none), read like
    /// `allFeatures`.
    func allMaps(of places: [IndexedPlace]) throws -> [RepresentationMap?] {
        let perShard = ParallelMap.results(stores.count) { shard in try unchanged(shard) { try stores[shard].maps() } }
        let maps = try perShard.map { try $0.get() }
        return places.map { maps[$0.shard][$0.id] }
    }

    /// `body` run in one transaction on the shard, refused when the shard changed since it was opened.
    private func unchanged<T>(_ shard: Int, _ body: () throws -> T) throws -> T {
        try stores[shard].snapshot {
            guard try stores[shard].generation() == generations[shard] else {
                throw CMIRError.input("\(paths[shard]): the index was updated since it was opened; open it again")
            }
            return try body()
        }
    }
}
