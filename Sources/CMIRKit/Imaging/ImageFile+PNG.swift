import COpenCV

extension ImageFile {
    /// A PNG file, in memory, of 8-bit interleaved RGB pixels (`width * height * 3` bytes); lossless, for
    /// terminal protocols that carry image files (kitty, iTerm2). `compression` is zlib's level, 0-9.
    public static func png(rgb: [UInt8], width: Int, height: Int, compression: Int = 6) throws -> [UInt8] {
        guard width > 0, height > 0, rgb.count == width * height * 3 else {
            throw CMIRError.input("PNG: \(rgb.count) bytes are not \(width) x \(height) RGB pixels")
        }
        var png: UnsafeMutablePointer<UInt8>?
        var length = 0
        var reason = [CChar](repeating: 0, count: 256)
        let status = cmir_encode_png_rgb8(rgb, Int32(width), Int32(height), Int32(min(max(compression, 0), 9)), &png, &length,
                                          &reason, reason.count)
        guard status == 0, let png else {
            throw CMIRError.failure(String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        defer { cmir_free(png) }
        return Array(UnsafeBufferPointer(start: png, count: length))
    }
}
