import Foundation

/// How much memory a search may take for the index's stored features, which it holds in memory (codes, words and
/// the tables built from them): what the machine has available now (Linux's MemAvailable) or, lower, what the
/// user allows with CMIR_MEMORY_LIMIT_MB (a shared login node). An index (or shards folder) beyond it is refused
/// before it is read, with the figures, instead of being killed for memory halfway.
struct MemoryBudget: Sendable, Equatable {
    /// Bytes a search holds per stored feature, at its peak while the tables are built: the codes and words as read
    /// (56), the votes' table (28) and the inverted file's postings (about 8).
    static let bytesPerFeature = 92
    /// Besides the features: the process, the model and the query.
    static let baseBytes = 300 << 20

    let bytes: Int
    /// Where the bound comes from, for the message.
    let source: String

    /// The budget of this process.
    static func current(environment: [String: String] = ProcessInfo.processInfo.environment,
                        meminfo: String? = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) throws -> MemoryBudget? {
        let available = meminfo.flatMap(availableBytes(in:))
        if let text = environment["CMIR_MEMORY_LIMIT_MB"] {
            guard let megabytes = Int(text), megabytes > 0 else {
                throw CMIRError.input("CMIR_MEMORY_LIMIT_MB=\(text): give a whole number of megabytes")
            }
            let limit = MemoryBudget(bytes: megabytes << 20, source: "CMIR_MEMORY_LIMIT_MB=\(megabytes)")
            return available.map { $0 < limit.bytes ? MemoryBudget(bytes: $0, source: "available memory") : limit } ?? limit
        }
        return available.map { MemoryBudget(bytes: $0, source: "available memory") }
    }

    /// MemAvailable of /proc/meminfo, in bytes.
    static func availableBytes(in meminfo: String) -> Int? {
        for line in meminfo.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let fields = line.split(separator: " ")
            if fields.count >= 2, let kilobytes = Int(fields[1]) { return kilobytes * 1024 }
        }
        return nil
    }

    /// Throws `.input` when holding `features` stored features (a count read from the index, so possibly absurd)
    /// does not fit.
    func check(features: Double, indexPath: String) throws {
        let needed = Double(Self.baseBytes) + features * Double(Self.bytesPerFeature)
        guard needed > Double(bytes) else { return }
        throw CMIRError.failure("\(indexPath): searching its \(Int(min(features, 1e15))) stored features needs about "
                              + "\(Self.megabytes(needed)) MB of memory, more than the \(Self.megabytes(Double(bytes))) MB of \(source); "
                              + "search fewer shards at a time or on a larger machine")
    }

    private static func megabytes(_ bytes: Double) -> Int { Int(min((bytes / 1_048_576).rounded(.up), 1e15)) }
}
