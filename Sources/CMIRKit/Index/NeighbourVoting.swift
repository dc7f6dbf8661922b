/// First-stage scores from descriptor neighbours rather than shared visual words (local naive-Bayes nearest
/// neighbour, McCann & Lowe 2012). Each query feature looks for its `neighbours` + 1 nearest stored descriptors
/// among the features filed under its `probes` nearest words, stopping after the word that takes it past
/// `checks` compared descriptors (nearest words first, as FLANN's checks bound its search). The last of them
/// stands for the background: every place (an image, or a cell of a slide) among the first `neighbours` gets,
/// once per query feature, the margin by which its nearest descriptor beats the background (squared distances).
/// A candidate's sum is divided by its share of the repository's features, so that it does not win by its size,
/// and by the number of query features. Why votes and these numbers: docs/decisions.md, "First-stage votes".
/// Distances to stored descriptors are asymmetric (IVFADC): the query's exact descriptor against the coded one,
/// its word's centroid plus the decoded residual, from look-up tables computed once per query feature.
/// `neighbourMatches` hands the same neighbours, each with where it lies, to the default first stage
/// (`CentreVoting`).
struct NeighbourVoting: Sendable {
    let neighbours: Int
    let probes: Int
    /// Most stored descriptors a query feature is compared with.
    let checks: Int
    let placeCount: Int
    private let coder: DescriptorCoder
    /// Stored features sorted by word: those of word w are `wordStarts[w]..<wordStarts[w + 1]`.
    private let wordStarts: [Int]
    /// For every stored feature in that order: its place (index into the places given at init), its code and
    /// the part of its squared distance to any query that the query does not change, 2 c.r + |r|^2 for the word's
    /// centroid c and the decoded residual r.
    private let owners: [Int32]
    private let codes: [UInt8]
    private let constantTerms: [Float]
    /// For every stored feature in that order: its position and orientation in its file's indexed pixels.
    private let positions: [SIMD3<Float>]
    /// |c|^2 of every word's centroid.
    private let centroidNorms: [Float]
    /// Per place: the slot of each of its rows, in its own order; nil when some row is not filed (a word id
    /// beyond the vocabulary, which only a damaged index holds).
    private let slotsOfPlace: [[Int32]?]
    /// Per place: its share of all stored features.
    let shares: [Float]

    /// `places[i]`: the words of place i and their descriptor codes, a row per word.
    init(places: [(words: [VisualWord], codes: DescriptorCodes)], coder: DescriptorCoder,
         neighbours: Int = 10, probes: Int = 64, checks: Int = 2048) throws {
        let vocabularySize = coder.vocabulary.size, width = coder.bytesPerRow
        var starts = [Int](repeating: 0, count: vocabularySize + 1)
        for place in places {
            guard place.codes.rows == place.words.count, place.codes.bytesPerRow == width else {
                throw CMIRError.input("the index's descriptors do not match its words; rebuild it with cmir index")
            }
            for word in place.words where Int(word.word) < vocabularySize { starts[Int(word.word) + 1] += 1 }
        }
        for w in 0..<vocabularySize { starts[w + 1] += starts[w] }
        let total = starts[vocabularySize]
        var fill = starts
        var owners = [Int32](repeating: 0, count: total)
        var positions = [SIMD3<Float>](repeating: .zero, count: total)
        var codes = [UInt8](repeating: 0, count: total * width)
        var slotsOfPlace: [[Int32]?] = []
        for (i, place) in places.enumerated() {
            var slots: [Int32] = []
            slots.reserveCapacity(place.words.count)
            for (row, word) in place.words.enumerated() where Int(word.word) < vocabularySize {
                let slot = fill[Int(word.word)]
                fill[Int(word.word)] += 1
                slots.append(Int32(slot))
                owners[slot] = Int32(i)
                positions[slot] = SIMD3(word.x, word.y, word.angle)
                for j in 0..<width { codes[slot * width + j] = place.codes.bytes[row * width + j] }
            }
            slotsOfPlace.append(slots.count == place.words.count ? slots : nil)
        }
        self.neighbours = neighbours
        self.probes = probes
        self.checks = checks
        self.placeCount = places.count
        self.coder = coder
        self.wordStarts = starts
        self.owners = owners
        self.positions = positions
        self.codes = codes
        self.slotsOfPlace = slotsOfPlace
        self.centroidNorms = coder.vocabulary.centroids.squaredRowNorms()
        self.constantTerms = Self.constantTerms(codes: codes, wordStarts: starts, coder: coder)
        let counts = places.map { Float($0.words.count) }
        self.shares = counts.map { total > 0 ? $0 / Float(total) : 0 }
    }

    /// 2 c.r + |r|^2 of every slot, with r its decoded residual and c its word's centroid.
    private static func constantTerms(codes: [UInt8], wordStarts: [Int], coder: DescriptorCoder) -> [Float] {
        let d = coder.vocabulary.dimension, width = coder.bytesPerRow, total = wordStarts.last ?? 0
        return [Float](unsafeUninitializedCapacity: total) { terms, initialized in
            let base = terms.baseAddress
            // Every word fills its own slots.
            ParallelMap.forEach(coder.vocabulary.size) { word in
                var residual = [Float](repeating: 0, count: d)
                codes.withUnsafeBufferPointer { bytes in
                    coder.vocabulary.centroids.values.withUnsafeBufferPointer { centroids in
                        residual.withUnsafeMutableBufferPointer { r in
                            let centroid = centroids.baseAddress! + word * d
                            for slot in wordStarts[word]..<wordStarts[word + 1] {
                                for j in 0..<d { r[j] = 0 }
                                coder.quantizer.addDecoded(UnsafeBufferPointer(rebasing: bytes[(slot * width)..<((slot + 1) * width)]),
                                                           to: r.baseAddress!)
                                var term: Float = 0
                                for j in 0..<d { term += r[j] * (2 * centroid[j] + r[j]) }
                                (base! + slot).initialize(to: term)
                            }
                        }
                    }
                }
            }
            initialized = total
        }
    }

    /// The stored descriptor codes of place `index` in its own row order, as the index holds them; nil when not
    /// every row is filed here.
    func descriptorCodes(ofPlaceAt index: Int) -> DescriptorCodes? {
        guard let slots = slotsOfPlace[index] else { return nil }
        let width = coder.bytesPerRow
        var bytes: [UInt8] = []
        bytes.reserveCapacity(slots.count * width)
        for slot in slots { bytes += codes[(Int(slot) * width)..<((Int(slot) + 1) * width)] }
        return DescriptorCodes(bytesPerRow: width, bytes: bytes)
    }

    /// The summed vote margins of every place (indexed like the places given at init) for the query's
    /// descriptors, given each descriptor's `probes` nearest words; a score divides them by the places' `shares`
    /// and the number of query features. The query's rows are shared out over the cores.
    func votes(_ query: DescriptorMatrix, probedWords: [[UInt32]]) -> [Float] {
        precondition(query.columns == coder.vocabulary.dimension && probedWords.count == query.rows, "query does not fit the index")
        let pieces = min(query.rows, 16)
        let partial = ParallelMap.rows(count: pieces, width: placeCount) { piece, votes in
            vote((piece * query.rows / pieces)..<((piece + 1) * query.rows / pieces), of: query, probedWords: probedWords,
                 into: votes)
        }
        return (0..<placeCount).map { i in (0..<pieces).reduce(Float(0)) { $0 + partial[$1 * placeCount + i] } }
    }

    /// Adds the votes of query rows `rows` to `votes`.
    private func vote(_ rows: Range<Int>, of query: DescriptorMatrix, probedWords: [[UInt32]],
                      into votes: UnsafeMutableBufferPointer<Float>) {
        searchNeighbours(rows, of: query, probedWords: probedWords, neighbours: neighbours, checks: checks) { _, nearest in
            let background = nearest[nearest.count - 1].distance
            // Nearest first, so a place's first appearance is its nearest descriptor.
            for (k, candidate) in nearest.dropLast().enumerated() {
                let owner = owners[candidate.slot]
                if !nearest[..<k].contains(where: { owners[$0.slot] == owner }) {
                    votes[Int(owner)] += background - candidate.distance
                }
            }
        }
    }

    /// Every query row's `neighbours` nearest stored features: their place, position and orientation, and the
    /// margin by which each beats the background. The query's rows are shared out over the cores.
    func neighbourMatches(_ query: DescriptorMatrix, probedWords: [[UInt32]], neighbours: Int, checks: Int) -> [NeighbourMatch] {
        precondition(query.columns == coder.vocabulary.dimension && probedWords.count == query.rows, "query does not fit the index")
        let pieces = min(query.rows, 16)
        return ParallelMap.map(pieces) { piece -> [NeighbourMatch] in
            var found: [NeighbourMatch] = []
            searchNeighbours((piece * query.rows / pieces)..<((piece + 1) * query.rows / pieces), of: query,
                             probedWords: probedWords, neighbours: neighbours, checks: checks) { row, nearest in
                let background = nearest[nearest.count - 1].distance
                for candidate in nearest.dropLast() {
                    found.append(NeighbourMatch(row: row, place: Int(owners[candidate.slot]), stored: positions[candidate.slot],
                                                margin: background - candidate.distance))
                }
            }
            return found
        }.flatMap { $0 }
    }

    /// Calls `visit` with each query row of `rows` and its `neighbours` + 1 nearest stored features (slots), nearest
    /// first, when it has at least two.
    private func searchNeighbours(_ rows: Range<Int>, of query: DescriptorMatrix, probedWords: [[UInt32]],
                                  neighbours: Int, checks: Int, visit: (Int, [(distance: Float, slot: Int)]) -> Void) {
        guard !rows.isEmpty else { return }
        let d = query.columns, parts = coder.bytesPerRow, entries = ProductQuantizer.centroidsPerSubspace
        // Per query row: its dot product with every centroid of every part of the residual codebooks.
        var tables = [Float](repeating: 0, count: rows.count * parts * entries)
        query.values.withUnsafeBufferPointer { values in
            tables.withUnsafeMutableBufferPointer { t in
                coder.quantizer.dotProducts(values.baseAddress! + rows.lowerBound * d, count: rows.count, into: t.baseAddress!)
            }
        }
        var nearest: [(distance: Float, slot: Int)] = []
        nearest.reserveCapacity(neighbours + 2)
        codes.withUnsafeBufferPointer { codes in
            tables.withUnsafeBufferPointer { tables in
                query.values.withUnsafeBufferPointer { values in
                    coder.vocabulary.centroids.values.withUnsafeBufferPointer { centroids in
                        for r in rows {
                            let x = values.baseAddress! + r * d
                            let table = tables.baseAddress! + (r - rows.lowerBound) * parts * entries
                            var xNorm: Float = 0
                            for j in 0..<d { xNorm += x[j] * x[j] }
                            nearest.removeAll(keepingCapacity: true)
                            var checked = 0
                            for word in probedWords[r] where Int(word) + 1 < wordStarts.count && checked < checks {
                                let w = Int(word)
                                checked += wordStarts[w + 1] - wordStarts[w]
                                guard wordStarts[w + 1] > wordStarts[w] else { continue }
                                let centroid = centroids.baseAddress! + w * d
                                var dot: Float = 0
                                for j in 0..<d { dot += x[j] * centroid[j] }
                                // |x - c - r|^2 = |x - c|^2 + (2 c.r + |r|^2) - 2 x.r
                                let toWord = xNorm + centroidNorms[w] - 2 * dot
                                for slot in wordStarts[w]..<wordStarts[w + 1] {
                                    let code = codes.baseAddress! + slot * parts
                                    var product: Float = 0
                                    for part in 0..<parts { product += table[part * entries + Int(code[part])] }
                                    let distance = toWord + constantTerms[slot] - 2 * product
                                    guard nearest.count <= neighbours || distance < nearest[neighbours].distance else { continue }
                                    let position = nearest.firstIndex { distance < $0.distance } ?? nearest.count
                                    nearest.insert((distance, slot), at: position)
                                    if nearest.count > neighbours + 1 { nearest.removeLast() }
                                }
                            }
                            if nearest.count >= 2 { visit(r, nearest) }
                        }
                    }
                }
            }
        }
    }
}

/// One of a query feature's nearest stored features (`NeighbourVoting.neighbourMatches`).
struct NeighbourMatch: Sendable {
    /// The query feature's row.
    let row: Int
    /// The stored feature's place, and its position and orientation (x, y, angle) in its file's indexed pixels.
    let place: Int
    let stored: SIMD3<Float>
    /// By how much it beats the background (squared descriptor distances).
    let margin: Float
}
