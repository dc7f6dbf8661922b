import COpenCV
import Foundation

/// What a file holds, as decoded: the image plus the facts `cmir info` reports.
public struct LoadedImage: Sendable {
    public let image: Image
    /// Bits per sample as stored in the file (8, 16 or 32).
    public let bitsPerSample: Int
}

/// Reading and writing image files through OpenCV (PNG, JPEG, TIFF incl. 16-bit and float; first page of
/// multi-page TIFFs). Every failure is a `CMIRError.input` with a one-line reason naming the file.
public enum ImageFile {
    /// Largest image decoded, in pixels; larger ones are refused from their header.
    public static let maximumPixels = Int(CMIR_MAX_PIXELS)

    /// Loads an image file into float planes in [0, 1] (gray, RGB or RGBA).
    public static func load(_ path: String) throws -> LoadedImage {
        try decode(contents(of: path), name: path)
    }

    /// The bytes of a file, mapped rather than read where the system allows.
    static func contents(of path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                throw CMIRError.input("\(path): no such file")
            }
            throw CMIRError.input("\(path): \(isDirectory.boolValue ? "is a directory" : "cannot be read")")
        }
    }

    /// Decodes an encoded image held in memory; `name` appears in error messages.
    public static func decode(_ data: Data, name: String) throws -> LoadedImage {
        if data.isEmpty { throw CMIRError.input("\(name): empty file") }
        var decoded = cmir_decoded_image()
        var reason = [CChar](repeating: 0, count: 512)
        let status = data.withUnsafeBytes { raw in
            cmir_decode(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, &decoded, &reason, reason.count)
        }
        guard status == 0, let pixels = decoded.pixels else {
            throw CMIRError.input("\(name): \(String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))")
        }
        defer { cmir_free(pixels) }
        let width = Int(decoded.width), height = Int(decoded.height), channels = Int(decoded.channels)
        let image = Image(width: width, height: height, channels: channels,
                          interleaved: UnsafeBufferPointer(start: pixels, count: width * height * channels))
        return LoadedImage(image: image, bitsPerSample: Int(decoded.bits_per_sample))
    }

    /// Sample formats a file can be written in.
    public enum SampleFormat: Int, Sendable {
        case uint8 = 8, uint16 = 16, float32 = 32
    }

    /// Saves an image; the format follows the extension (.png, .tif/.tiff, .jpg). Float samples need TIFF
    /// and one channel.
    /// Values outside [0, 1] are clipped for integer formats.
    public static func save(_ image: Image, to path: String, format: SampleFormat = .uint8) throws {
        let lower = path.lowercased()
        if format == .float32 && !(lower.hasSuffix(".tif") || lower.hasSuffix(".tiff")) {
            throw CMIRError.input("\(path): 32-bit float samples can only be saved as TIFF")
        }
        // OpenCV 4.6 writes multi-channel float TIFFs that it reads back altered; representations are one channel.
        if format == .float32 && image.channels != 1 {
            throw CMIRError.input("\(path): 32-bit float TIFF is written for single-channel images only")
        }
        var values = image.interleaved()
        if format != .float32 {
            for i in values.indices { values[i] = min(max(values[i], 0), 1) }
        }
        var reason = [CChar](repeating: 0, count: 512)
        let status = cmir_encode(path, values, Int32(image.width), Int32(image.height), Int32(image.channels),
                                 Int32(format.rawValue), &reason, reason.count)
        if status != 0 { throw CMIRError.failure(String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)) }
    }
}
