import CSixel
import CMIRKit
import Foundation

/// Decodes sixel sequences with libsixel's own decoder: what a sixel terminal shows, for the encoder's tests
/// and the colour benchmark.
public enum SixelDecoder {
    /// The picture `sixel` draws, as an 8-bit RGB raster.
    public static func decode(_ sixel: [UInt8]) throws -> RGB8 {
        var bytes = sixel
        var pixels: UnsafeMutablePointer<UInt8>?
        var palette: UnsafeMutablePointer<UInt8>?
        var width: Int32 = 0, height: Int32 = 0, colours: Int32 = 0
        let status = sixel_decode_raw(&bytes, Int32(bytes.count), &pixels, &width, &height, &palette, &colours, nil)
        guard status == SIXEL_OK, let indices = pixels, let table = palette else {
            throw CMIRError.failure("libsixel: cannot decode (status \(status))")
        }
        defer { free(indices); free(table) }
        var rgb = [UInt8](repeating: 0, count: Int(width * height) * 3)
        for i in 0..<Int(width * height) {
            let entry = Int(indices[i]) * 3
            rgb[i * 3] = table[entry]; rgb[i * 3 + 1] = table[entry + 1]; rgb[i * 3 + 2] = table[entry + 2]
        }
        return RGB8(width: Int(width), height: Int(height), bytes: rgb)
    }
}
