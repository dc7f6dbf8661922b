import CMIRKit
import Foundation

/// Mutations of a valid `.cmirmodel` for fuzzing its decoder: header fields set to hostile values, header
/// entries added or dropped, bytes flipped, the file cut or extended. Every mutation except the cut and the
/// extension rewrites the header length and the checksum, so it reaches the checks behind them.
public struct ModelFileMutator {
    private let header: [String: Any]
    private let values: Data
    private var random: SeededRandom

    /// Values a hostile header would carry: zero, negatives, off-by-ones, huge counts that wrap when multiplied.
    static let hostileNumbers: [NSNumber] = [0, -1, 1, 2, 3, 7, 8, 9, 255, 256, 257, 65536, NSNumber(value: Int32.max),
                                             NSNumber(value: 1 << 40), NSNumber(value: 1 << 62), NSNumber(value: Int.max),
                                             NSNumber(value: Int.min), 1e300, -1e300, 0.5, -0.0]

    public init(validFile data: Data, seed: UInt64) throws {
        let length = Int(data[12]) | Int(data[13]) << 8 | Int(data[14]) << 16 | Int(data[15]) << 24
        guard let object = try JSONSerialization.jsonObject(with: data[16..<(16 + length)]) as? [String: Any] else {
            throw CMIRError.input("not a model header")
        }
        header = object
        values = data[(16 + length)..<(data.count - 8)]
        random = SeededRandom(seed: seed)
    }

    /// The next mutated file.
    public mutating func next() -> Data {
        switch pick(6) {
        case 0, 1: return assemble(mutatingNumber(in: header), values)
        case 2: return assemble(mutatingStructure(of: header), values)
        case 3:
            var bytes = values
            for _ in 0..<(1 + pick(8)) where !bytes.isEmpty {
                bytes[bytes.startIndex + pick(bytes.count)] = UInt8(pick(256))
            }
            return assemble(header, bytes)
        case 4: return assemble(header, values.prefix(pick(values.count + 1)))
        default:
            let whole = assemble(header, values)
            return pick(2) == 0 ? whole.prefix(pick(whole.count))
                : whole + Data((0..<(1 + pick(64))).map { _ in UInt8(pick(256)) })
        }
    }

    /// A copy of the header with one number, anywhere in it, replaced by a hostile value.
    private mutating func mutatingNumber(in object: [String: Any]) -> [String: Any] {
        var paths: [[PathStep]] = []
        Self.collectNumberPaths(object, prefix: [], into: &paths)
        guard !paths.isEmpty else { return object }
        let path = paths[pick(paths.count)]
        let value = Self.hostileNumbers[pick(Self.hostileNumbers.count)]
        return Self.replacing(object, at: path[...], with: value) as! [String: Any]
    }

    /// A copy of the header with an entry added, dropped or emptied: the optimizer state a checkpoint has,
    /// a modality removed or doubled, a tensor list emptied.
    private mutating func mutatingStructure(of object: [String: Any]) -> [String: Any] {
        var copy = object
        var modalities = copy["modalities"] as? [[String: Any]] ?? []
        switch pick(5) {
        case 0: copy["optimizer"] = ["step": 0, "tensors": [Any]()]
        case 1: if !modalities.isEmpty { modalities.removeLast() }
        case 2: if let first = modalities.first { modalities.append(first) }
        case 3: if !modalities.isEmpty { modalities[pick(modalities.count)]["tensors"] = [Any]() }
        default: copy.removeValue(forKey: ["modalities", "training", "optimizer"][pick(3)])
        }
        if copy["modalities"] != nil { copy["modalities"] = modalities }
        return copy
    }

    private mutating func pick(_ count: Int) -> Int { random.index(below: count) }

    /// The file for a header and value bytes: magic, version, header length, header, values, checksum.
    private func assemble(_ header: [String: Any], _ values: Data) -> Data {
        let json = (try? JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])) ?? Data()
        var data = Data(ModelFile.magic)
        withUnsafeBytes(of: ModelFile.version.littleEndian) { data.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        data.append(values)
        let checksum = UInt64(ModelFile.fingerprint(of: data), radix: 16) ?? 0
        withUnsafeBytes(of: checksum.littleEndian) { data.append(contentsOf: $0) }
        return data
    }

    private enum PathStep { case key(String), index(Int) }

    private static func collectNumberPaths(_ value: Any, prefix: [PathStep], into paths: inout [[PathStep]]) {
        if let object = value as? [String: Any] {
            // Keys in sorted order: a dictionary's own order changes from run to run, and the seed must fix the mutations.
            for key in object.keys.sorted() { collectNumberPaths(object[key]!, prefix: prefix + [.key(key)], into: &paths) }
        } else if let array = value as? [Any] {
            for (index, child) in array.enumerated() { collectNumberPaths(child, prefix: prefix + [.index(index)], into: &paths) }
        } else if value is NSNumber {
            paths.append(prefix)
        }
    }

    private static func replacing(_ value: Any, at path: ArraySlice<PathStep>, with replacement: Any) -> Any {
        guard let step = path.first else { return replacement }
        switch step {
        case .key(let key):
            var object = value as! [String: Any]
            object[key] = replacing(object[key]!, at: path.dropFirst(), with: replacement)
            return object
        case .index(let index):
            var array = value as! [Any]
            array[index] = replacing(array[index], at: path.dropFirst(), with: replacement)
            return array
        }
    }
}
