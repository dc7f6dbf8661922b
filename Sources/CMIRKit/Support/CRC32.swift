import CZlib

/// CRC-32 (ISO 3309, zlib's): the checksum of PNG chunks and of the index's rows (`RowChecksum`).
public enum CRC32 {
    /// The checksum of `bytes`.
    public static func checksum<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        ContiguousArray(bytes).withUnsafeBytes { UInt32(update(0, with: $0)) }
    }

    /// `crc` (a checksum so far, 0 to start) continued over `bytes`.
    static func update(_ crc: UInt, with bytes: UnsafeRawBufferPointer) -> UInt {
        // zlib takes lengths as UInt32: feed large inputs in parts.
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: Bytef.self) else { return crc }
        var crc = crc
        for start in stride(from: 0, to: bytes.count, by: 1 << 30) {
            crc = crc32(crc, base + start, uInt(min(1 << 30, bytes.count - start)))
        }
        return crc
    }
}
