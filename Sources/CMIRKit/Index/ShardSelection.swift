import Foundation

/// Which files of a folder belong to shard K of N, so that N machines can index one archive apart (each its
/// shard, all from one `FrozenVocabulary`): the files whose name hashes to K - 1 modulo N. By name, not by
/// position or path, so a file keeps its shard when others are added and wherever the folder is mounted.
public struct ShardSelection: Sendable, Equatable {
    /// 1-based.
    public let number: Int
    public let count: Int

    public static let maximumCount = 100_000

    /// Parses "K/N" with 1 <= K <= N <= `maximumCount`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let number = Int(parts[0]), let count = Int(parts[1]),
              (1...Self.maximumCount).contains(count), (1...count).contains(number) else {
            throw CMIRError.input("--shard \(text): give K/N with 1 <= K <= N <= \(Self.maximumCount)")
        }
        self.number = number
        self.count = count
    }

    /// The shard's index file in a shards folder.
    public var fileName: String { "shard-\(number)-of-\(count).cmirindex" }

    /// Whether the file at `path` belongs to this shard.
    public func contains(_ path: String) -> Bool {
        let name = (path as NSString).lastPathComponent
        let hash = UInt64(SHA256.hex(of: Data(name.utf8)).prefix(16), radix: 16) ?? 0
        return Int(hash % UInt64(count)) == number - 1
    }
}
