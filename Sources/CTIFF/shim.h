// libtiff (Debian libtiff-dev), used to write the generator's pyramidal slides.
#include <tiffio.h>

// TIFFSetField is variadic, which Swift cannot call: one typed wrapper per kind of value the writer sets.
// Integer tags (uint16 and uint32 fields and the JPEG pseudo-tags) all travel as int through the varargs.
static inline int cmir_tiff_set_int(TIFF *tiff, uint32_t tag, int value) {
    return TIFFSetField(tiff, tag, value);
}

// Rational tags (resolutions) are passed as double.
static inline int cmir_tiff_set_double(TIFF *tiff, uint32_t tag, double value) {
    return TIFFSetField(tiff, tag, value);
}

// ASCII tags (ImageDescription, Software).
static inline int cmir_tiff_set_string(TIFF *tiff, uint32_t tag, const char *value) {
    return TIFFSetField(tiff, tag, value);
}

// Two-valued uint16 tags (YCbCrSubsampling).
static inline int cmir_tiff_set_int_pair(TIFF *tiff, uint32_t tag, int first, int second) {
    return TIFFSetField(tiff, tag, first, second);
}
