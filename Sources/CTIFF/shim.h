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

// Reading a directory's fields (ImageFile's headers): TIFFGetField is variadic too. Each returns 1 when the field
// is set or has a default, else 0.
static inline int cmir_tiff_get_uint32(TIFF *tiff, uint32_t tag, uint32_t *value) {
    return TIFFGetFieldDefaulted(tiff, tag, value);
}

static inline int cmir_tiff_get_uint16(TIFF *tiff, uint32_t tag, uint16_t *value) {
    return TIFFGetFieldDefaulted(tiff, tag, value);
}

// Declines to pass libtiff's complaint on (to its global handler, which prints to stderr).
static int cmir_tiff_keep_quiet(TIFF *tiff, void *user, const char *module, const char *format, va_list arguments) {
    return 1;
}

// Opens a file for reading with libtiff's complaints kept off stderr: the CLI says what is wrong in one line.
static inline TIFF *cmir_tiff_open_quietly(const char *path) {
    TIFFOpenOptions *options = TIFFOpenOptionsAlloc();
    if (options == NULL) return NULL;
    TIFFOpenOptionsSetErrorHandlerExtR(options, cmir_tiff_keep_quiet, NULL);
    TIFFOpenOptionsSetWarningHandlerExtR(options, cmir_tiff_keep_quiet, NULL);
    TIFF *tiff = TIFFOpenExt(path, "r", options);
    TIFFOpenOptionsFree(options);
    return tiff;
}
