/// How often each visual word occurs in one image, sparse and sorted by word: what tf-idf scores.
struct WordHistogram: Sendable, Equatable {
    var entries: [(word: UInt32, count: UInt32)]

    init(entries: [(word: UInt32, count: UInt32)]) { self.entries = entries }

    init(words: [UInt32]) {
        var counts: [UInt32: UInt32] = [:]
        for w in words { counts[w, default: 0] += 1 }
        entries = counts.sorted { $0.key < $1.key }.map { (word: $0.key, count: $0.value) }
    }

    var totalCount: Int { entries.reduce(0) { $0 + Int($1.count) } }

    static func == (l: WordHistogram, r: WordHistogram) -> Bool {
        l.entries.count == r.entries.count && zip(l.entries, r.entries).allSatisfy { $0.word == $1.word && $0.count == $1.count }
    }
}
