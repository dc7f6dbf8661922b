import CMIRKit
import Foundation

/// Tests draw from the engine's own reproducible generator.
public typealias SeededGenerator = SeededRandom

public enum TestImages {
    /// A smooth, structured image with `channels` planes (no two planes equal), values in [0, 1].
    public static func pattern(width: Int, height: Int, channels: Int) -> Image {
        var image = Image(width: width, height: height, channels: channels)
        for c in 0..<channels {
            for y in 0..<height {
                for x in 0..<width {
                    let u = Double(x) / Double(width), v = Double(y) / Double(height)
                    image[x, y, c] = Float(0.5 + 0.45 * sin(6 * u + 4 * v + Double(c)) * cos(3 * v - Double(c)))
                }
            }
        }
        return image
    }

    /// A fresh temporary folder, removed by the caller.
    public static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cmir-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The root of this checkout (where Package.swift is).
    public static var checkoutRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The shared BF/SHG data, or nil when this checkout has no ../shared next to it.
    public static var sharedData: URL? {
        let data = checkoutRoot.deletingLastPathComponent().appendingPathComponent("shared/data/bf-shg")
        return FileManager.default.fileExists(atPath: data.path) ? data : nil
    }
}

/// Hand-built file bytes for the decoder's edge cases.
public enum TestFiles {
    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 1 ? 0xEDB8_8320 : 0) }
        }
        return ~crc
    }

    public static func bigEndian(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value.bigEndian, Array.init) }

    /// A PNG whose header claims width x height 8-bit RGB and which has no pixel data at all.
    public static func pngHeaderOnly(width: UInt32, height: UInt32) -> Data {
        let body: [UInt8] = Array("IHDR".utf8) + bigEndian(width) + bigEndian(height) + [8, 2, 0, 0, 0]
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        bytes += bigEndian(13) + body + bigEndian(crc32(body))
        let end = Array("IEND".utf8)
        bytes += bigEndian(0) + end + bigEndian(crc32(end))
        return Data(bytes)
    }

    /// An uncompressed little-endian TIFF of 8-bit gray pages, each filled with one value.
    public static func multiPageTIFF(width: UInt16, height: UInt16, pageValues: [UInt8]) -> Data {
        func le16(_ v: UInt16) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
        func le32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
        let pixelsPerPage = Int(width) * Int(height)
        let entries = 8, ifdSize = 2 + entries * 12 + 4
        var bytes: [UInt8] = [0x49, 0x49] + le16(42) + le32(8)
        for (page, value) in pageValues.enumerated() {
            let ifdStart = bytes.count
            let dataStart = ifdStart + ifdSize
            let nextIFD = page + 1 < pageValues.count ? UInt32(dataStart + pixelsPerPage) : 0
            func entry(_ tag: UInt16, _ type: UInt16, _ value: UInt32) -> [UInt8] {
                le16(tag) + le16(type) + le32(1) + (type == 3 ? le16(UInt16(value)) + [0, 0] : le32(value))
            }
            bytes += le16(UInt16(entries))
            bytes += entry(256, 3, UInt32(width)) + entry(257, 3, UInt32(height)) + entry(258, 3, 8)
            bytes += entry(259, 3, 1) + entry(262, 3, 1) + entry(273, 4, UInt32(dataStart))
            bytes += entry(278, 3, UInt32(height)) + entry(279, 4, UInt32(pixelsPerPage))
            bytes += le32(nextIFD)
            bytes += [UInt8](repeating: value, count: pixelsPerPage)
        }
        return Data(bytes)
    }
}
