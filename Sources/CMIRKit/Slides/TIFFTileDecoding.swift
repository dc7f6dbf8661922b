import CTIFF

/// How OpenSlide 3.4 decodes the tiles of a level of a TIFF-based slide: JPEG and JPEG 2000 tiles with its own
/// decoders, every other compression through libtiff's RGBA reader, which returns pixels that change from read to
/// read for a level smaller than one tile (`Slide.skippedLevels`).
enum TIFFTileDecoding {
    /// TIFF compressions OpenSlide decodes itself: JPEG, and Aperio's two JPEG 2000 kinds.
    static let ownDecoders: Set<UInt16> = [7, 33003, 33005]

    /// Whether the tiled directory of `width` x `height` in the TIFF at `path` goes through libtiff's RGBA reader;
    /// false when the file is not a TIFF or has no such directory (other formats decode their tiles themselves).
    static func usesLibtiffReader(path: String, width: Int, height: Int) -> Bool {
        guard let tiff = cmir_tiff_open_quietly(path) else { return false }
        defer { TIFFClose(tiff) }
        repeat {
            var w: UInt32 = 0, h: UInt32 = 0, compression: UInt16 = 0
            if TIFFIsTiled(tiff) != 0,
               cmir_tiff_get_uint32(tiff, UInt32(TIFFTAG_IMAGEWIDTH), &w) == 1, Int(w) == width,
               cmir_tiff_get_uint32(tiff, UInt32(TIFFTAG_IMAGELENGTH), &h) == 1, Int(h) == height,
               cmir_tiff_get_uint16(tiff, UInt32(TIFFTAG_COMPRESSION), &compression) == 1 {
                return !ownDecoders.contains(compression)
            }
        } while TIFFReadDirectory(tiff) == 1
        return false
    }
}
