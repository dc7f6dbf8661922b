import CMIRKit
import Foundation

/// Appends one JSON object per line to a file (or stdout): the benchmarks' results, read back by
/// bench/report.py, which writes bench/RESULTS.md. Optional values are written as null.
final class JSONLines {
    private let handle: FileHandle

    init(path: String?) throws {
        guard let path else { handle = .standardOutput; return }
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        guard let file = FileHandle(forWritingAtPath: path) else { throw CMIRError.input("\(path): cannot be written") }
        file.seekToEndOfFile()
        handle = file
    }

    func write(_ record: [String: Any?]) throws {
        let object = record.mapValues { $0.map(Self.plain) ?? NSNull() }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        handle.write(data + Data("\n".utf8))
    }

    /// Dictionaries and arrays of optionals become JSON with nulls.
    private static func plain(_ value: Any) -> Any {
        switch value {
        case let map as [String: Int?]: return map.mapValues { $0.map { $0 as Any } ?? NSNull() }
        case let map as [String: Double?]: return map.mapValues { $0.map { $0 as Any } ?? NSNull() }
        case let list as [Double?]: return list.map { $0.map { $0 as Any } ?? NSNull() }
        default: return value
        }
    }
}
