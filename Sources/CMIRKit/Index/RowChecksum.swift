import Foundation

/// A CRC-32 over the values of one stored row (all its columns but its own id and the checksum), kept in the
/// row's `checksum` column: damage inside a page that SQLite's own structure checks cannot see, such as a changed
/// byte in a blob or a number, is caught when the row is read instead of being scored.
///
/// Each value is fed as a type tag, then an integer's 8 little-endian bytes or a text's or blob's length and bytes,
/// so that values cannot run into each other.
struct RowChecksum {
    private var crc: UInt = 0

    mutating func add(integer: Int64) {
        add(tag: 1)
        withUnsafeBytes(of: integer.littleEndian) { add(bytes: $0) }
    }

    mutating func add(real: Double) {
        add(tag: 2)
        withUnsafeBytes(of: real.bitPattern.littleEndian) { add(bytes: $0) }
    }

    /// A text (tag 3) or blob (tag 4) of `bytes`.
    mutating func add(text isText: Bool, bytes: UnsafeRawBufferPointer) {
        add(tag: isText ? 3 : 4)
        withUnsafeBytes(of: UInt64(bytes.count).littleEndian) { add(bytes: $0) }
        add(bytes: bytes)
    }

    mutating func addNull() { add(tag: 0) }

    var value: Int64 { Int64(crc) }

    private mutating func add(tag: UInt8) {
        withUnsafeBytes(of: tag) { add(bytes: $0) }
    }

    private mutating func add(bytes: UnsafeRawBufferPointer) {
        crc = CRC32.update(crc, with: bytes)
    }

    /// The checksum of values about to be written.
    static func of(_ values: [SQLiteStatement.Value]) -> Int64 {
        var checksum = RowChecksum()
        for value in values {
            switch value {
            case .integer(let v): checksum.add(integer: v)
            case .real(let v): checksum.add(real: v)
            case .text(let v): var utf8 = v; utf8.withUTF8 { checksum.add(text: true, bytes: UnsafeRawBufferPointer($0)) }
            case .blob(let v): v.withUnsafeBytes { checksum.add(text: false, bytes: $0) }
            case .null: checksum.addNull()
            }
        }
        return checksum.value
    }
}

extension SQLiteStatement {
    /// Runs an insert whose last parameter is the checksum of the others.
    func runChecksummed(_ values: [Value]) throws {
        try run(values + [.integer(RowChecksum.of(values))])
    }
}
