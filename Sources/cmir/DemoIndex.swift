import CMIRKit
import Foundation

/// Where the bundled demo's index is kept between starts: `$XDG_CACHE_HOME/cmir` (or `~/.cache/cmir`),
/// in a file named after a hash of everything the index depends on: the demo folder's location, the
/// names and bytes of its images, the representation (for CoMIR, with the fingerprint of the model file's bytes)
/// and the index settings. Any change gives a new name, so a stale index is never used;
/// an interrupted build is resumed by the engine's incremental indexing.
struct DemoIndex {
    let path: String

    init(demo: DemoAssets, representation: RepresentationSpec, settings: IndexSettings,
         environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let cache: String
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            cache = (xdg as NSString).appendingPathComponent("cmir")
        } else {
            cache = (NSHomeDirectory() as NSString).appendingPathComponent(".cache/cmir")
        }
        var hash = FNV1a()
        hash.add(demo.repositoryDirectory.standardizedFileURL.path)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        hash.add(try encoder.encode(representation))
        hash.add("\(settings.features) \(settings.vocabularySize) \(settings.seed)")
        for image in try demo.repositoryImages() {
            hash.add((image as NSString).lastPathComponent)
            hash.add(try Self.contents(of: image))
        }
        do {
            try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        } catch {
            throw CMIRError.failure("cannot create the cache folder \(cache)")
        }
        path = (cache as NSString).appendingPathComponent("demo-\(hash.hex).cmirindex")
    }

    private static func contents(of path: String) throws -> Data {
        do { return try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe) } catch {
            throw CMIRError.input("\(path): cannot be read")
        }
    }
}

/// 64-bit FNV-1a: a fast, stable fingerprint for naming cache files (not a security hash).
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ data: Data) {
        for byte in data {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
        add(UInt8(0xFF))
    }

    mutating func add(_ text: String) { add(Data(text.utf8)) }

    private mutating func add(_ byte: UInt8) {
        value ^= UInt64(byte)
        value = value &* 0x100_0000_01b3
    }

    var hex: String { String(value, radix: 16).leftPadded(to: 16).replacingOccurrences(of: " ", with: "0") }
}
