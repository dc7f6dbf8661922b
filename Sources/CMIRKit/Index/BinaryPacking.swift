import Foundation

/// Little-endian packing of the index's blobs: float arrays (vocabulary, codebooks), word lists and descriptor
/// codes. Fixed-width records keep the blobs compact and readable on any platform.
enum BinaryPacking {
    static func pack(floats: [Float]) -> Data {
        var data = Data(count: floats.count * 4)
        data.withUnsafeMutableBytes { raw in
            for (i, value) in floats.enumerated() {
                raw.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: 4 * i, as: UInt32.self)
            }
        }
        return data
    }

    static func unpackFloats(_ data: Data) throws -> [Float] {
        guard data.count % 4 == 0 else { throw CMIRError.input("index blob of floats has a bad length") }
        return data.withUnsafeBytes { raw in
            (0..<(data.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }

    /// Bytes per stored word: word id, x, y (float32), scale, angle (float16: 0.05 % of the value, far finer than
    /// the geometry the re-ranker checks).
    static let wordRecordSize = 16

    static func pack(words: [VisualWord]) -> Data {
        var data = Data(count: words.count * wordRecordSize)
        data.withUnsafeMutableBytes { raw in
            for (i, w) in words.enumerated() {
                let base = i * wordRecordSize
                raw.storeBytes(of: w.word.littleEndian, toByteOffset: base, as: UInt32.self)
                raw.storeBytes(of: w.x.bitPattern.littleEndian, toByteOffset: base + 4, as: UInt32.self)
                raw.storeBytes(of: w.y.bitPattern.littleEndian, toByteOffset: base + 8, as: UInt32.self)
                raw.storeBytes(of: Float16(w.scale).bitPattern.littleEndian, toByteOffset: base + 12, as: UInt16.self)
                raw.storeBytes(of: Float16(w.angle).bitPattern.littleEndian, toByteOffset: base + 14, as: UInt16.self)
            }
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
                func f16(_ offset: Int) -> Float {
                    Float(Float16(bitPattern: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: base + offset, as: UInt16.self))))
                }
                return VisualWord(word: u32(0), x: Float(bitPattern: u32(4)), y: Float(bitPattern: u32(8)), scale: f16(12), angle: f16(14))
            }
        }
    }

    /// Descriptor codes (`DescriptorCoder`) as they are: `bytesPerRow` bytes per descriptor.
    static func pack(codes: DescriptorCodes) -> Data { Data(codes.bytes) }

    static func unpackCodes(_ data: Data, bytesPerRow: Int) throws -> DescriptorCodes {
        guard bytesPerRow > 0, data.count % bytesPerRow == 0 else { throw CMIRError.input("index descriptor list has a bad length") }
        return DescriptorCodes(bytesPerRow: bytesPerRow, bytes: [UInt8](data))
    }
}
