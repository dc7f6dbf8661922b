import Foundation

/// Little-endian packing of the index's blobs: float arrays (vocabulary), word lists, descriptors and sparse
/// histograms. Fixed-width records keep the blobs compact and readable on any platform.
enum BinaryPacking {
    static func pack(floats: [Float]) -> Data {
        var data = Data(capacity: floats.count * 4)
        for value in floats { append(value.bitPattern, to: &data) }
        return data
    }

    static func unpackFloats(_ data: Data) throws -> [Float] {
        guard data.count % 4 == 0 else { throw CMIRError.input("index blob of floats has a bad length") }
        return data.withUnsafeBytes { raw in
            (0..<(data.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }

    /// Bytes per stored word: word id, x, y, scale, angle.
    static let wordRecordSize = 20

    static func pack(words: [VisualWord]) -> Data {
        var data = Data(capacity: words.count * wordRecordSize)
        for w in words {
            append(w.word, to: &data)
            append(w.x.bitPattern, to: &data)
            append(w.y.bitPattern, to: &data)
            append(w.scale.bitPattern, to: &data)
            append(w.angle.bitPattern, to: &data)
        }
        return data
    }

    static func unpackWords(_ data: Data) throws -> [VisualWord] {
        guard data.count % wordRecordSize == 0 else { throw CMIRError.input("index word list has a bad length") }
        return data.withUnsafeBytes { raw in
            (0..<(data.count / wordRecordSize)).map { i in
                let base = i * wordRecordSize
                func u32(_ offset: Int) -> UInt32 {
                    UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: base + offset, as: UInt32.self))
                }
                return VisualWord(word: u32(0), x: Float(bitPattern: u32(4)), y: Float(bitPattern: u32(8)),
                                  scale: Float(bitPattern: u32(12)), angle: Float(bitPattern: u32(16)))
            }
        }
    }

    /// Descriptors as 8-bit codes: per row, a float32 scale (the row's largest magnitude) then one signed byte
    /// per value, value = byte / 127 * scale. A fifth of float32's size; the rounding (under 0.4 % of the
    /// row's largest value) is far below the differences that tell descriptors apart.
    static func pack(descriptors: DescriptorMatrix) -> Data {
        var data = Data(capacity: descriptors.rows * (4 + descriptors.columns))
        for row in 0..<descriptors.rows {
            let values = descriptors.values[(row * descriptors.columns)..<((row + 1) * descriptors.columns)]
            let scale = values.reduce(Float(0)) { max($0, abs($1)) }
            append(scale.bitPattern, to: &data)
            for value in values {
                let code = scale > 0 ? (value / scale * 127).rounded() : 0
                data.append(UInt8(bitPattern: Int8(max(-127, min(127, code)))))
            }
        }
        return data
    }

    static func unpackDescriptors(_ data: Data, columns: Int) throws -> DescriptorMatrix {
        try unpackDescriptorCodes(data, columns: columns).decoded()
    }

    /// The 8-bit codes themselves, for holding a whole repository's descriptors in memory at a quarter of
    /// float32's size.
    static func unpackDescriptorCodes(_ data: Data, columns: Int) throws -> DescriptorCodes {
        let recordSize = 4 + columns
        guard columns > 0, data.count % recordSize == 0 else { throw CMIRError.input("index descriptor list has a bad length") }
        let rows = data.count / recordSize
        var codes = [Int8](repeating: 0, count: rows * columns)
        var scales = [Float](repeating: 0, count: rows)
        data.withUnsafeBytes { raw in
            for row in 0..<rows {
                let base = row * recordSize
                scales[row] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: base, as: UInt32.self))) / 127
                for j in 0..<columns { codes[row * columns + j] = Int8(bitPattern: raw[base + 4 + j]) }
            }
        }
        return DescriptorCodes(columns: columns, codes: codes, scales: scales)
    }

    /// A sparse word histogram as (word, count) pairs sorted by word.
    static func pack(histogram: [(word: UInt32, count: UInt32)]) -> Data {
        var data = Data(capacity: histogram.count * 8)
        for entry in histogram {
            append(entry.word, to: &data)
            append(entry.count, to: &data)
        }
        return data
    }

    static func unpackHistogram(_ data: Data) throws -> [(word: UInt32, count: UInt32)] {
        guard data.count % 8 == 0 else { throw CMIRError.input("index histogram has a bad length") }
        return data.withUnsafeBytes { raw in
            (0..<(data.count / 8)).map { i in
                (UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt32.self)),
                 UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8 + 4, as: UInt32.self)))
            }
        }
    }

    private static func append(_ value: UInt32, to data: inout Data) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }
}
