import CMIRKit
import Foundation

/// PNG files written byte by byte, for the kinds OpenCV does not write (palettes, transparency chunks, gray with
/// alpha, low bit depths) and for huge images that compress to almost nothing.
public enum HandwrittenPNG {
    /// A PNG of the given IHDR fields whose rows (filter byte included) are `rows`, stored uncompressed, with an
    /// optional palette (PLTE) and transparency (tRNS) chunk.
    public static func make(width: Int, height: Int, bitDepth: UInt8, colorType: UInt8, rows: [UInt8],
                            palette: [UInt8]? = nil, transparency: [UInt8]? = nil) -> Data {
        var stored: [UInt8] = []
        let blocks = stride(from: 0, to: max(rows.count, 1), by: 65535).map { rows[$0..<min($0 + 65535, rows.count)] }
        for (index, block) in blocks.enumerated() {
            let length = UInt16(block.count)
            stored += [index == blocks.count - 1 ? 1 : 0, UInt8(length & 0xFF), UInt8(length >> 8),
                       UInt8(~length & 0xFF), UInt8(~length >> 8)] + block
        }
        return file(width: width, height: height, bitDepth: bitDepth, colorType: colorType,
                    deflated: stored, adler: adler32(rows), palette: palette, transparency: transparency)
    }

    /// A black 8-bit gray PNG of any size in a few bytes per 258 pixels: one fixed-Huffman deflate block of a
    /// literal zero and back-references of 258 zeros at distance 1 (a 10000 x 10000 image takes 630 KB).
    public static func black(width: Int, height: Int) -> Data {
        let total = height * (width + 1)
        var bits = BitWriter()
        bits.write(0b1, count: 1)  // final block
        bits.write(0b01, count: 2)  // fixed Huffman codes
        bits.writeCode(0b0011_0000, count: 8)  // literal 0
        let matches = (total - 1) / 258
        for _ in 0..<matches {
            bits.writeCode(0b1100_0101, count: 8)  // length 258 (symbol 285)
            bits.writeCode(0, count: 5)  // distance 1 (code 0)
        }
        for _ in 0..<(total - 1 - matches * 258) { bits.writeCode(0b0011_0000, count: 8) }
        bits.writeCode(0, count: 7)  // end of block (symbol 256)
        let adler = UInt32(total % 65521) << 16 | 1  // a stays 1 over zeros; b adds it once per byte
        return file(width: width, height: height, bitDepth: 8, colorType: 0, deflated: bits.bytes, adler: adler,
                    palette: nil, transparency: nil)
    }

    private static func file(width: Int, height: Int, bitDepth: UInt8, colorType: UInt8, deflated: [UInt8], adler: UInt32,
                             palette: [UInt8]?, transparency: [UInt8]?) -> Data {
        var data = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        data += chunk("IHDR", bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [bitDepth, colorType, 0, 0, 0])
        if let palette { data += chunk("PLTE", palette) }
        if let transparency { data += chunk("tRNS", transparency) }
        data += chunk("IDAT", [0x78, 0x01] + deflated + bigEndian(adler))
        data += chunk("IEND", [])
        return data
    }

    private static func chunk(_ type: String, _ body: [UInt8]) -> Data {
        let typed = Array(type.utf8) + body
        return Data(bigEndian(UInt32(body.count)) + typed + bigEndian(CRC32.checksum(typed)))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }

    private static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in bytes { a = (a + UInt32(byte)) % 65521; b = (b + a) % 65521 }
        return b << 16 | a
    }

    /// Deflate's bit order: values least significant bit first, Huffman codes most significant bit first.
    private struct BitWriter {
        var bytes: [UInt8] = []
        private var used = 8

        mutating func write(_ value: Int, count: Int) {
            for bit in 0..<count {
                if used == 8 { bytes.append(0); used = 0 }
                bytes[bytes.count - 1] |= UInt8((value >> bit) & 1) << used
                used += 1
            }
        }

        mutating func writeCode(_ code: Int, count: Int) {
            write((0..<count).reduce(0) { $0 << 1 | (code >> $1) & 1 }, count: count)
        }
    }
}
