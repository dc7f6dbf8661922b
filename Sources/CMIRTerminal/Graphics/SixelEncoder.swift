import CMIRKit
import CSixel

/// Encodes rasters as DEC sixel graphics through libsixel (an adaptive palette per image).
public enum SixelEncoder {
    /// The sixel escape sequence (DCS ... ST) that draws `raster` at its own size in pixels (by default with the
    /// palette options for its size).
    public static func encode(_ raster: RGB8, palette: SixelPalette? = nil) throws -> [UInt8] {
        let palette = palette ?? .forRaster(pixels: raster.width * raster.height)
        final class Sink { var bytes: [UInt8] = [] }
        let sink = Sink()
        var output: OpaquePointer?
        let write: sixel_write_function = { data, size, priv in
            guard let data, let priv else { return 0 }
            let sink = Unmanaged<Sink>.fromOpaque(priv).takeUnretainedValue()
            data.withMemoryRebound(to: UInt8.self, capacity: Int(size)) {
                sink.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: Int(size)))
            }
            return size
        }
        let context = Unmanaged.passUnretained(sink).toOpaque()
        guard sixel_output_new(&output, write, context, nil) == SIXEL_OK, let output else {
            throw CMIRError.failure("libsixel: cannot create an output context")
        }
        defer { sixel_output_unref(output) }
        var dither: OpaquePointer?
        guard sixel_dither_new(&dither, Int32(palette.colours), nil) == SIXEL_OK, let dither else {
            throw CMIRError.failure("libsixel: cannot create a dither context")
        }
        defer { sixel_dither_unref(dither) }
        var pixels = raster.bytes
        let status = pixels.withUnsafeMutableBufferPointer { p -> SIXELSTATUS in
            let initialised = sixel_dither_initialize(dither, p.baseAddress, Int32(raster.width), Int32(raster.height),
                                                      Int32(SIXEL_PIXELFORMAT_RGB888), palette.largest.rawValue,
                                                      palette.representative.rawValue, palette.quality.rawValue)
            if initialised != SIXEL_OK { return initialised }
            // After initialising, which would otherwise choose the diffusion itself.
            if palette.diffusion != .auto { sixel_dither_set_diffusion_type(dither, palette.diffusion.rawValue) }
            return sixel_encode(p.baseAddress, Int32(raster.width), Int32(raster.height), 3, dither, output)
        }
        guard status == SIXEL_OK else { throw CMIRError.failure("libsixel: encoding failed (status \(status))") }
        return sink.bytes
    }
}
