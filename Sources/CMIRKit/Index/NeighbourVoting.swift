/// First-stage scores from descriptor neighbours rather than shared visual words (local naive-Bayes nearest
/// neighbour, McCann & Lowe 2012). Each query feature looks for its `neighbours` + 1 nearest stored descriptors
/// among the features filed under its `probes` nearest words, stopping after the word that takes it past
/// `checks` compared descriptors (nearest words first, as FLANN's checks bound its search). The last of them
/// stands for the background: every place (an image, or a cell of a slide) among the first `neighbours` gets,
/// once per query feature, the margin by which its nearest descriptor beats the background (squared distances).
/// A candidate's sum is divided by its share of the repository's features, so that it does not win by its size,
/// and by the number of query features. Why votes and these numbers: docs/decisions.md, "First-stage votes".
struct NeighbourVoting: Sendable {
    let neighbours: Int
    let probes: Int
    /// Most stored descriptors a query feature is compared with.
    let checks: Int
    let placeCount: Int
    /// Stored features sorted by word: those of word w are `wordStarts[w]..<wordStarts[w + 1]`.
    private let wordStarts: [Int]
    /// For every stored feature in that order: its place (index into the places given at init), its codes
    /// and the squared length of its descriptor.
    private let owners: [Int32]
    private let descriptors: DescriptorCodes
    private let squaredNorms: [Float]
    /// Per place: the slot of each of its rows, in its own order; nil when some row is not filed (a word id
    /// beyond the vocabulary, which only a damaged index holds).
    private let slotsOfPlace: [[Int32]?]
    /// Per place: its share of all stored features.
    let shares: [Float]

    /// `places[i]`: the words of place i and their descriptors, a row per word.
    init(places: [(words: [VisualWord], descriptors: DescriptorCodes)], vocabularySize: Int, columns: Int,
         neighbours: Int = 10, probes: Int = 64, checks: Int = 2048) throws {
        var starts = [Int](repeating: 0, count: vocabularySize + 1)
        for place in places {
            guard place.descriptors.rows == place.words.count, place.descriptors.columns == columns else {
                throw CMIRError.input("the index's descriptors do not match its words; rebuild it with cmir index")
            }
            for word in place.words where Int(word.word) < vocabularySize { starts[Int(word.word) + 1] += 1 }
        }
        for w in 0..<vocabularySize { starts[w + 1] += starts[w] }
        let total = starts[vocabularySize]
        var fill = starts
        var owners = [Int32](repeating: 0, count: total)
        var codes = [Int8](repeating: 0, count: total * columns)
        var scales = [Float](repeating: 0, count: total)
        var slotsOfPlace: [[Int32]?] = []
        for (i, place) in places.enumerated() {
            var slots: [Int32] = []
            slots.reserveCapacity(place.words.count)
            for (row, word) in place.words.enumerated() where Int(word.word) < vocabularySize {
                let slot = fill[Int(word.word)]
                fill[Int(word.word)] += 1
                slots.append(Int32(slot))
                owners[slot] = Int32(i)
                scales[slot] = place.descriptors.scales[row]
                for j in 0..<columns { codes[slot * columns + j] = place.descriptors.codes[row * columns + j] }
            }
            slotsOfPlace.append(slots.count == place.words.count ? slots : nil)
        }
        let stored = DescriptorCodes(columns: columns, codes: codes, scales: scales)
        self.neighbours = neighbours
        self.probes = probes
        self.checks = checks
        self.placeCount = places.count
        self.wordStarts = starts
        self.owners = owners
        self.descriptors = stored
        self.slotsOfPlace = slotsOfPlace
        self.squaredNorms = (0..<total).map { slot in
            let row = codes[(slot * columns)..<((slot + 1) * columns)]
            return row.reduce(Float(0)) { $0 + Float($1) * Float($1) } * scales[slot] * scales[slot]
        }
        let counts = places.map { Float($0.words.count) }
        self.shares = counts.map { total > 0 ? $0 / Float(total) : 0 }
    }

    /// The stored descriptors of place `index` in its own row order, as the index holds them; nil when not every
    /// row is filed here.
    func descriptorCodes(ofPlaceAt index: Int) -> DescriptorCodes? {
        guard let slots = slotsOfPlace[index] else { return nil }
        let columns = descriptors.columns
        var codes = [Int8](repeating: 0, count: slots.count * columns)
        for (row, slot) in slots.enumerated() {
            for j in 0..<columns { codes[row * columns + j] = descriptors.codes[Int(slot) * columns + j] }
        }
        return DescriptorCodes(columns: columns, codes: codes, scales: slots.map { descriptors.scales[Int($0)] })
    }

    /// The summed vote margins of every place (indexed like the places given at init) for the query's
    /// descriptors, given each descriptor's `probes` nearest words; a score divides them by the places' `shares`
    /// and the number of query features. The query's rows are shared out over the cores.
    func votes(_ query: DescriptorMatrix, probedWords: [[UInt32]]) -> [Float] {
        precondition(query.columns == descriptors.columns && probedWords.count == query.rows, "query does not fit the index")
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
        let columns = query.columns
        var nearest: [(distance: Float, slot: Int)] = []
        nearest.reserveCapacity(neighbours + 2)
        descriptors.codes.withUnsafeBufferPointer { codes in
            query.values.withUnsafeBufferPointer { values in
                for r in rows {
                    let x = values.baseAddress! + r * columns
                    var xNorm: Float = 0
                    for j in 0..<columns { xNorm += x[j] * x[j] }
                    nearest.removeAll(keepingCapacity: true)
                    var checked = 0
                    for word in probedWords[r] where Int(word) + 1 < wordStarts.count && checked < checks {
                        checked += wordStarts[Int(word) + 1] - wordStarts[Int(word)]
                        for slot in wordStarts[Int(word)]..<wordStarts[Int(word) + 1] {
                            let c = codes.baseAddress! + slot * columns
                            var dot: Float = 0
                            for j in 0..<columns { dot += x[j] * Float(c[j]) }
                            let distance = xNorm + squaredNorms[slot] - 2 * descriptors.scales[slot] * dot
                            guard nearest.count <= neighbours || distance < nearest[neighbours].distance else { continue }
                            let position = nearest.firstIndex { distance < $0.distance } ?? nearest.count
                            nearest.insert((distance, slot), at: position)
                            if nearest.count > neighbours + 1 { nearest.removeLast() }
                        }
                    }
                    guard nearest.count >= 2 else { continue }
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
        }
    }
}
