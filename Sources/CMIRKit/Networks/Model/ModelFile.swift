import Foundation

/// The `.cmirmodel` format: self-describing and versioned.
///
///     "CMIRMODL" | version: UInt32 LE | header length: UInt32 LE | header: JSON |
///     values: Float32 LE (the tensors the header lists, in order) | FNV-1a 64 of all preceding bytes: UInt64 LE
///
/// The JSON header names the modalities with their preprocessing and architecture, lists every tensor (name and
/// length), and carries the training record; a checkpoint adds the optimizer state. Float32 values round-trip
/// bit-exactly. The checksum turns a truncated or damaged file into a clear error instead of a wrong network.
public enum ModelFile {
    public static let magic = Array("CMIRMODL".utf8)
    public static let version: UInt32 = 1

    struct Header: Codable {
        struct ModalityEntry: Codable {
            var name: String
            var preprocessing: ModalityPreprocessing
            var architecture: UNetArchitecture
            var tensors: [TensorEntry]
        }
        struct TensorEntry: Codable { var name: String; var count: Int }
        struct OptimizerEntry: Codable { var step: Int; var tensors: [TensorEntry] }

        var modalities: [ModalityEntry]
        var training: TrainingRecord?
        var optimizer: OptimizerEntry?
    }

    /// Optimizer moments saved with a checkpoint, per modality in parameter order.
    struct OptimizerState {
        var step: Int
        var first: [[[Float]]]
        var second: [[[Float]]]
    }

    /// Named tensors of a network: parameters, then batch-normalisation running statistics.
    static func tensors(of network: UNet<Float>) -> [(name: String, values: [Float])] {
        var list = network.parameters.map { ($0.name, $0.value) }
        for norm in network.normalizations {
            let base = String(norm.scale.name.dropLast(".scale".count))
            list.append((base + ".runningMean", norm.runningMean))
            list.append((base + ".runningVariance", norm.runningVariance))
        }
        return list
    }

    /// Serialises a model (and, for checkpoints, its optimizer state).
    static func encode(_ model: CoMIRModel, optimizer: OptimizerState? = nil) throws -> Data {
        var values: [Float] = []
        var entries: [Header.ModalityEntry] = []
        for modality in model.modalities {
            let list = tensors(of: modality.network)
            values += list.flatMap(\.values)
            entries.append(Header.ModalityEntry(name: modality.name, preprocessing: modality.preprocessing,
                                                architecture: modality.network.architecture,
                                                tensors: list.map { Header.TensorEntry(name: $0.name, count: $0.values.count) }))
        }
        var optimizerEntry: Header.OptimizerEntry?
        if let optimizer {
            var names: [Header.TensorEntry] = []
            for (index, modality) in model.modalities.enumerated() {
                for (p, parameter) in modality.network.parameters.enumerated() {
                    names.append(.init(name: parameter.name + ".adam.m", count: parameter.value.count))
                    names.append(.init(name: parameter.name + ".adam.v", count: parameter.value.count))
                    values += optimizer.first[index][p]
                    values += optimizer.second[index][p]
                }
            }
            optimizerEntry = Header.OptimizerEntry(step: optimizer.step, tensors: names)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let header = try encoder.encode(Header(modalities: entries, training: model.training, optimizer: optimizerEntry))
        var data = Data(magic)
        appendLittleEndian(version, to: &data)
        appendLittleEndian(UInt32(header.count), to: &data)
        data.append(header)
        values.withUnsafeBufferPointer { data.append(UnsafeBufferPointer(start: UnsafeRawPointer($0.baseAddress!)
            .assumingMemoryBound(to: UInt8.self), count: $0.count * 4)) }
        appendLittleEndian(fnv1a(data), to: &data)
        return data
    }

    /// Writes a model atomically (a crash mid-write leaves the previous file intact).
    public static func save(_ model: CoMIRModel, to path: String) throws {
        try write(encode(model), to: path)
    }

    static func write(_ data: Data, to path: String) throws {
        do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw CMIRError.failure("\(path): cannot write the model file")
        }
    }

    /// Reads a model file; every problem is a one-line `CMIRError.input` naming the file.
    public static func load(_ path: String) throws -> CoMIRModel {
        try decode(read(path), name: path).model
    }

    static func read(_ path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CMIRError.input("\(path): no such model file")
        }
        guard !isDirectory.boolValue else { throw CMIRError.input("\(path): cannot be read as a model file") }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maximumBytes {
            throw CMIRError.input("\(path): \(size) bytes is larger than the largest model cmir reads (\(maximumBytes >> 20) MB)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CMIRError.input("\(path): cannot be read as a model file")
        }
        return data
    }

    /// A 16-hex-digit identity of the file's bytes, shared by both modalities (indexes record it).
    public static func fingerprint(of data: Data) -> String {
        String(format: "%016llx", fnv1a(data))
    }

    static func decode(_ data: Data, name: String) throws -> (model: CoMIRModel, optimizer: OptimizerState?) {
        let bytes = [UInt8](data)
        guard bytes.count >= 8, Array(bytes[0..<8]) == magic else {
            throw CMIRError.input("\(name): not a cmir model file")
        }
        guard bytes.count >= 16 else { throw CMIRError.input("\(name): truncated model file") }
        let fileVersion = readLittleEndian(bytes, at: 8)
        guard fileVersion == version else {
            throw CMIRError.input("\(name): model format version \(fileVersion) is not supported (this cmir reads version \(version))")
        }
        let headerLength = Int(readLittleEndian(bytes, at: 12))
        guard bytes.count >= 16 + headerLength + 8 else { throw CMIRError.input("\(name): truncated model file") }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(bytes[16..<(16 + headerLength)]))
        } catch {
            throw CMIRError.input("\(name): damaged model file (unreadable header)")
        }
        let valuesStart = 16 + headerLength, valuesEnd = bytes.count - 8
        try validate(header, valueBytes: valuesEnd - valuesStart, name: name)
        let valueCount = (valuesEnd - valuesStart) / 4
        let stored = UInt64(readLittleEndian(bytes, at: valuesEnd)) | UInt64(readLittleEndian(bytes, at: valuesEnd + 4)) << 32
        guard stored == fnv1a(data.prefix(valuesEnd)) else {
            throw CMIRError.input("\(name): damaged model file (checksum mismatch)")
        }
        var values = [Float](repeating: 0, count: valueCount)
        values.withUnsafeMutableBytes { target in
            bytes.withUnsafeBytes { source in
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[valuesStart..<valuesEnd]))
            }
        }
        var offset = 0
        func take(_ count: Int) -> [Float] {
            defer { offset += count }
            return Array(values[offset..<(offset + count)])
        }
        var modalities: [CoMIRModel.Modality] = []
        for entry in header.modalities {
            let a = entry.architecture
            var random = SeededRandom(seed: 0)
            let network = UNet<Float>(architecture: a, name: entry.name, random: &random)
            let expected = tensors(of: network)
            guard expected.map(\.name) == entry.tensors.map(\.name),
                  expected.map(\.values.count) == entry.tensors.map(\.count) else {
                throw CMIRError.input("\(name): damaged model file (tensors do not match the architecture of '\(entry.name)')")
            }
            for parameter in network.parameters { parameter.value = take(parameter.value.count) }
            for norm in network.normalizations {
                norm.runningMean = take(norm.channels)
                norm.runningVariance = take(norm.channels)
            }
            modalities.append(CoMIRModel.Modality(name: entry.name, preprocessing: entry.preprocessing, network: network))
        }
        var optimizer: OptimizerState?
        if let entry = header.optimizer {
            var first: [[[Float]]] = [], second: [[[Float]]] = []
            for modality in modalities {
                var m: [[Float]] = [], v: [[Float]] = []
                for parameter in modality.network.parameters {
                    m.append(take(parameter.value.count))
                    v.append(take(parameter.value.count))
                }
                first.append(m)
                second.append(v)
            }
            guard offset == valueCount else { throw CMIRError.input("\(name): damaged model file (optimizer state)") }
            optimizer = OptimizerState(step: entry.step, first: first, second: second)
        }
        return (CoMIRModel(modalities: modalities, training: header.training), optimizer)
    }

    static func fnv1a(_ data: Data) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        data.withUnsafeBytes { raw in
            for byte in raw { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        }
        return hash
    }

    private static func appendLittleEndian<I: FixedWidthInteger>(_ value: I, to data: inout Data) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }

    private static func readLittleEndian(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }
}
