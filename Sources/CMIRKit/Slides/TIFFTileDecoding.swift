import CTIFF

/// How OpenSlide 3.4 decodes the tiles of a level of a TIFF-based slide: JPEG and JPEG 2000 tiles with its own
/// decoders, every other compression through libtiff's RGBA reader, which returns pixels that change from read to
/// read for a level smaller than one tile (`Slide.skippedLevels`).
enum TIFFTileDecoding {
    /// TIFF compressions OpenSlide decodes itself: JPEG, and Aperio's two JPEG 2000 kinds.
    static let ownDecoders: Set<UInt16> = [7, 33003, 33005]

    /// The sizes of the tiled directories of the TIFF at `path` whose tiles go through libtiff's RGBA reader; none
    /// when the file is not a TIFF (other formats decode their tiles themselves).
    static func libtiffDecodedSizes(path: String) -> [(width: Int, height: Int)] {
        guard let tiff = cmir_tiff_open_quietly(path) else { return [] }
        defer { TIFFClose(tiff) }
        var sizes: [(width: Int, height: Int)] = []
        repeat {
            var width: UInt32 = 0, height: UInt32 = 0, compression: UInt16 = 0
            if TIFFIsTiled(tiff) != 0,
               cmir_tiff_get_uint32(tiff, UInt32(TIFFTAG_IMAGEWIDTH), &width) == 1,
               cmir_tiff_get_uint32(tiff, UInt32(TIFFTAG_IMAGELENGTH), &height) == 1,
               cmir_tiff_get_uint16(tiff, UInt32(TIFFTAG_COMPRESSION), &compression) == 1,
               !ownDecoders.contains(compression) {
                sizes.append((Int(width), Int(height)))
            }
        } while TIFFReadDirectory(tiff) == 1
        return sizes
    }
}
