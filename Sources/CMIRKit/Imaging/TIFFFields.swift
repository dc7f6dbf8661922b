import CTIFF

/// The fields of a TIFF file's first directory that say what OpenCV decodes from it, read by libtiff without
/// reading image data, and whether that data lies within the file (a file cut short has strips or tiles past
/// its end).
struct TIFFFields {
    var width: UInt32 = 0
    var height: UInt32 = 0
    var samplesPerPixel: UInt16 = 0
    var bitsPerSample: UInt16 = 0
    var sampleFormat: UInt16 = 0
    var photometric: UInt16 = 0
    var compression: UInt16 = 0
    var planarConfiguration: UInt16 = 0
    /// Whether every strip or tile ends within the file.
    var dataWithinFile = true

    /// Reads the first directory of the TIFF file at `path`, `size` bytes long; nil when libtiff cannot open it
    /// or a field the decoder needs is missing.
    init?(path: String, size: Int) {
        guard let tiff = cmir_tiff_open_quietly(path) else { return nil }
        defer { TIFFClose(tiff) }
        guard cmir_tiff_get_uint32(tiff, UInt32(TIFFTAG_IMAGEWIDTH), &width) == 1,
              cmir_tiff_get_uint32(tiff, UInt32(TIFFTAG_IMAGELENGTH), &height) == 1,
              cmir_tiff_get_uint16(tiff, UInt32(TIFFTAG_SAMPLESPERPIXEL), &samplesPerPixel) == 1,
              cmir_tiff_get_uint16(tiff, UInt32(TIFFTAG_BITSPERSAMPLE), &bitsPerSample) == 1,
              cmir_tiff_get_uint16(tiff, UInt32(TIFFTAG_SAMPLEFORMAT), &sampleFormat) == 1,
              cmir_tiff_get_uint16(tiff, UInt32(TIFFTAG_PHOTOMETRIC), &photometric) == 1,
              cmir_tiff_get_uint16(tiff, UInt32(TIFFTAG_COMPRESSION), &compression) == 1,
              cmir_tiff_get_uint16(tiff, UInt32(TIFFTAG_PLANARCONFIG), &planarConfiguration) == 1 else { return nil }
        let striles = TIFFIsTiled(tiff) != 0 ? TIFFNumberOfTiles(tiff) : TIFFNumberOfStrips(tiff)
        for strile in 0..<striles {
            let (end, overflow) = TIFFGetStrileOffset(tiff, strile).addingReportingOverflow(TIFFGetStrileByteCount(tiff, strile))
            if overflow || end > UInt64(size) { dataWithinFile = false; break }
        }
    }
}
