// The C face of the only C++ in cmir: image decoding/encoding, resizing, affine warps and SIFT via OpenCV 4.
// Pixels cross this boundary as interleaved float32 in [0, 1], channel order gray / RGB / RGBA.
#ifndef COPENCV_H
#define COPENCV_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A decoded image; `pixels` is owned by the caller and released with cmir_free.
typedef struct {
    int width;
    int height;
    int channels;       // 1, 3 or 4 after decoding (gray, RGB, RGBA)
    int bits_per_sample; // 8, 16 or 32 as stored in the file
    float *pixels;      // width * height * channels, interleaved, values in [0, 1]
} cmir_decoded_image;

/// The largest image cmir decodes (10,000 x 10,000 px): a decompression bomb is refused from its header.
#define CMIR_MAX_PIXELS 100000000LL

/// Decodes the first image in an encoded buffer (PNG, JPEG, TIFF and whatever else OpenCV reads).
/// Refuses images above CMIR_MAX_PIXELS after reading the header, before decoding pixel data.
/// Returns 0 on success; otherwise writes a one-line reason into `error` and returns non-zero.
int cmir_decode(const uint8_t *bytes, size_t length, cmir_decoded_image *out,
                char *error, size_t error_capacity);

/// Encodes interleaved float pixels in [0, 1] to a file; the format follows the file extension.
/// `bits` is 8 or 16 for integer formats, 32 for float TIFF.
int cmir_encode(const char *path, const float *pixels, int width, int height, int channels, int bits,
                char *error, size_t error_capacity);

/// Encodes 8-bit interleaved RGB pixels as a PNG file in memory (zlib level `compression`, 0-9).
/// On success `*png` (`*length` bytes) is owned by the caller (cmir_free).
int cmir_encode_png_rgb8(const uint8_t *rgb, int width, int height, int compression, uint8_t **png, size_t *length,
                         char *error, size_t error_capacity);

/// Resizes interleaved float pixels; area averaging when shrinking, bilinear when enlarging.
int cmir_resize(const float *src, int width, int height, int channels, float *dst, int dst_width,
                int dst_height);

/// Warps interleaved float pixels with a 2x3 affine matrix (destination = M * source), bilinear,
/// filling uncovered pixels with `border` (one value per channel).
int cmir_warp_affine(const float *src, int width, int height, int channels, float *dst, int dst_width,
                     int dst_height, const double matrix[6], const float *border);

/// One SIFT keypoint: position in pixels, diameter of the meaningful neighbourhood, angle in degrees
/// (OpenCV convention), detector response.
typedef struct {
    float x, y, size, angle, response;
} cmir_keypoint;

/// Detects SIFT keypoints and 128-d descriptors on a gray float image in [0, 1]. With `native_first_octave`
/// the scale space starts at the image's own resolution instead of OpenCV's doubled image (detection runs on
/// the image halved; keypoints come back in the full image's pixels).
/// On success `*keypoints` and `*descriptors` (count * 128 floats) are owned by the caller (cmir_free).
int cmir_sift(const float *gray, int width, int height, int max_features, int native_first_octave,
              cmir_keypoint **keypoints, float **descriptors, int *count, char *error, size_t error_capacity);

/// Releases memory returned by this module.
void cmir_free(void *pointer);

#ifdef __cplusplus
}
#endif

#endif
