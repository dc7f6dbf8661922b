import Foundation

/// What tells whether a repository file changed since it was indexed: the SHA-256 of its bytes, or for a file
/// too large to read whole (a slide of gigabytes) the SHA-256 of its size, modification time and first and last
/// `sample` bytes, so that checking a folder of slides costs a few reads per file.
enum FileFingerprint {
    static let wholeFileLimit = 256 << 20
    static let sample = 8 << 20

    static func of(_ path: String) throws -> String {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = (attributes[.size] as? NSNumber)?.intValue, let handle = FileHandle(forReadingAtPath: path) else {
            throw CMIRError.input("\(path): cannot be read")
        }
        defer { try? handle.close() }
        do {
            guard size > wholeFileLimit else { return SHA256.hex(of: try handle.readToEnd() ?? Data()) }
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            var summary = Data("\(size) \(modified)".utf8)
            summary += try handle.read(upToCount: sample) ?? Data()
            try handle.seek(toOffset: UInt64(size - sample))
            summary += try handle.read(upToCount: sample) ?? Data()
            return SHA256.hex(of: summary)
        } catch {
            throw CMIRError.input("\(path): cannot be read")
        }
    }
}
