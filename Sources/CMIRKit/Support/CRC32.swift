import CZlib

/// CRC-32 (ISO 3309, zlib's), the checksum of PNG chunks.
public enum CRC32 {
    /// The checksum of `bytes`.
    public static func checksum<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        let contiguous = ContiguousArray(bytes)
        return contiguous.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
    }
}
