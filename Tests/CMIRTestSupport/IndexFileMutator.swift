import CMIRKit
import Foundation

/// Byte-level damage to a valid `.cmirindex` (a SQLite file) for fuzzing everything that reads an index: bytes
/// overwritten at random, 64-byte runs overwritten inside pages (the damage a bad sector or a stray write does),
/// pages zeroed, the file cut short. SQLite's header (the first 100 bytes) is left alone in most mutations, so that
/// the damage reaches the pages behind it.
public struct IndexFileMutator {
    private let original: Data
    private var random: SeededRandom
    static let pageSize = 4096

    public init(validFile data: Data, seed: UInt64) {
        original = data
        random = SeededRandom(seed: seed)
    }

    /// The next damaged file.
    public mutating func next() -> Data {
        var data = original
        let pages = max(1, data.count / Self.pageSize)
        switch pick(5) {
        case 0:
            for _ in 0..<(1 + pick(16)) { data[100 + pick(data.count - 100)] = UInt8(pick(256)) }
        case 1:
            for _ in 0..<(1 + pick(20)) {
                let start = pick(pages) * Self.pageSize + pick(Self.pageSize - 64)
                if start >= 100, start + 64 <= data.count {
                    data.replaceSubrange(start..<(start + 64), with: (0..<64).map { _ in UInt8(pick(256)) })
                }
            }
        case 2:
            let page = 1 + pick(max(1, pages - 1))
            let start = min(page * Self.pageSize, data.count), end = min(start + Self.pageSize, data.count)
            data.replaceSubrange(start..<end, with: Data(count: end - start))
        case 3:
            data = data.prefix(pick(data.count))
        default:
            data[pick(100)] = UInt8(pick(256))
        }
        return data
    }

    private mutating func pick(_ count: Int) -> Int { random.index(below: max(1, count)) }
}
