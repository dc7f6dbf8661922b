#include "COpenCV.h"

#include <opencv2/core.hpp>
#include <opencv2/core/utils/logger.hpp>
#include <opencv2/features2d.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>
#include <fcntl.h>
#include <unistd.h>

namespace {

void writeError(char *error, size_t capacity, const std::string &message) {
    if (error == nullptr || capacity == 0) return;
    // Keep the reason on one line: OpenCV messages carry file names and newlines.
    std::string line;
    for (char c : message) line.push_back(c == '\n' || c == '\r' ? ' ' : c);
    std::snprintf(error, capacity, "%s", line.c_str());
}

/// OpenCV's own limit check runs after the header is read and before pixel data is decoded; it reads
/// its setting once, so the setting is made before the first decode.
void configureOnce() {
    static std::once_flag flag;
    std::call_once(flag, [] {
        setenv("OPENCV_IO_MAX_IMAGE_PIXELS", std::to_string(static_cast<long long>(CMIR_MAX_PIXELS)).c_str(), 1);
        cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT);
    });
}

/// libpng and libtiff print their complaints about corrupt files straight to stderr, which would break
/// the CLI's one-line error contract. While any decode runs, file descriptor 2 points at /dev/null;
/// the reason still reaches the caller through the returned error text.
class StderrSilencer {
public:
    StderrSilencer() {
        std::lock_guard<std::mutex> lock(mutex());
        if (depth()++ == 0) {
            fflush(stderr);
            saved() = dup(STDERR_FILENO);
            int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
            if (null >= 0) { dup2(null, STDERR_FILENO); close(null); }
        }
    }
    ~StderrSilencer() {
        std::lock_guard<std::mutex> lock(mutex());
        if (--depth() == 0 && saved() >= 0) {
            fflush(stderr);
            dup2(saved(), STDERR_FILENO);
            close(saved());
            saved() = -1;
        }
    }
private:
    static std::mutex &mutex() { static std::mutex m; return m; }
    static int &depth() { static int d = 0; return d; }
    static int &saved() { static int s = -1; return s; }
};

/// Width and height from the header of a PNG, JPEG or TIFF file, without decoding it; false for other
/// formats or a header too short to tell. Used to refuse decompression bombs with a clear reason
/// (OpenCV's own limit check fails them as merely "unreadable").
bool headerSize(const uint8_t *b, size_t n, uint64_t &width, uint64_t &height) {
    auto be16 = [&](size_t i) { return uint32_t(b[i]) << 8 | b[i + 1]; };
    auto be32 = [&](size_t i) { return be16(i) << 16 | be16(i + 2); };
    if (n >= 24 && std::memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0 && std::memcmp(b + 12, "IHDR", 4) == 0) {
        width = be32(16); height = be32(20);
        return true;
    }
    if (n >= 4 && b[0] == 0xFF && b[1] == 0xD8) {
        size_t i = 2;
        while (i + 9 < n) {
            if (b[i] != 0xFF) return false;
            uint8_t marker = b[i + 1];
            if (marker == 0xFF) { ++i; continue; }
            bool frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (frame) { height = be16(i + 5); width = be16(i + 7); return true; }
            i += 2 + be16(i + 2);
        }
        return false;
    }
    if (n >= 8 && ((b[0] == 'I' && b[1] == 'I') || (b[0] == 'M' && b[1] == 'M'))) {
        bool little = b[0] == 'I';
        auto u16 = [&](size_t i) { return little ? uint32_t(b[i]) | uint32_t(b[i + 1]) << 8 : be16(i); };
        auto u32 = [&](size_t i) { return little ? u16(i) | u16(i + 2) << 16 : be32(i); };
        if (u16(2) != 42) return false;
        size_t ifd = u32(4);
        if (ifd + 2 > n) return false;
        uint32_t entries = u16(ifd);
        width = height = 0;
        for (uint32_t e = 0; e < entries && ifd + 2 + 12 * (e + 1) <= n; ++e) {
            size_t at = ifd + 2 + 12 * e;
            uint32_t tag = u16(at), type = u16(at + 2);
            uint32_t value = type == 3 ? u16(at + 8) : u32(at + 8);
            if (tag == 256) width = value;
            if (tag == 257) height = value;
        }
        return width > 0 && height > 0;
    }
    return false;
}

double scaleFor(int depth) {
    switch (depth) {
    case CV_8U: return 1.0 / 255.0;
    case CV_8S: return 1.0 / 127.0;
    case CV_16U: return 1.0 / 65535.0;
    case CV_16S: return 1.0 / 32767.0;
    default: return 1.0;
    }
}

int bitsFor(int depth) {
    switch (depth) {
    case CV_8U: case CV_8S: return 8;
    case CV_16U: case CV_16S: case CV_16F: return 16;
    case CV_64F: return 64;
    default: return 32;
    }
}

} // namespace

extern "C" int cmir_decode(const uint8_t *bytes, size_t length, cmir_decoded_image *out,
                           char *error, size_t error_capacity) {
    configureOnce();
    try {
        if (length == 0) { writeError(error, error_capacity, "empty file"); return 1; }
        uint64_t width = 0, height = 0;
        if (headerSize(bytes, length, width, height) && width * height > static_cast<uint64_t>(CMIR_MAX_PIXELS)) {
            writeError(error, error_capacity, "image of " + std::to_string(width) + " x " + std::to_string(height) +
                       " px is above the limit of " + std::to_string(static_cast<long long>(CMIR_MAX_PIXELS)) +
                       " pixels; refused before decoding");
            return 1;
        }
        cv::Mat buffer(1, static_cast<int>(length), CV_8UC1, const_cast<uint8_t *>(bytes));
        // OpenCV checks the header's size against CMIR_MAX_PIXELS before decoding pixel data and throws.
        cv::Mat decoded;
        {
            StderrSilencer quiet;
            decoded = cv::imdecode(buffer, cv::IMREAD_UNCHANGED);
        }
        if (decoded.empty()) { writeError(error, error_capacity, "not a readable image (unknown format or corrupt data)"); return 1; }
        int channels = decoded.channels();
        cv::Mat ordered;
        switch (channels) {
        case 1: ordered = decoded; break;
        case 2: cv::cvtColor(decoded, ordered, cv::COLOR_GRAY2RGBA); break; // never produced by OpenCV codecs today
        case 3: cv::cvtColor(decoded, ordered, cv::COLOR_BGR2RGB); break;
        case 4: cv::cvtColor(decoded, ordered, cv::COLOR_BGRA2RGBA); break;
        default: writeError(error, error_capacity, "unsupported channel count " + std::to_string(channels)); return 1;
        }
        cv::Mat asFloat;
        ordered.convertTo(asFloat, CV_32F, scaleFor(decoded.depth()));
        if (decoded.depth() == CV_32F || decoded.depth() == CV_64F || decoded.depth() == CV_16F) {
            cv::patchNaNs(asFloat, 0.0);
        }
        size_t count = static_cast<size_t>(asFloat.total()) * asFloat.channels();
        float *pixels = static_cast<float *>(std::malloc(count * sizeof(float)));
        if (pixels == nullptr) { writeError(error, error_capacity, "out of memory"); return 1; }
        if (asFloat.isContinuous()) {
            std::memcpy(pixels, asFloat.ptr<float>(0), count * sizeof(float));
        } else {
            size_t rowCount = static_cast<size_t>(asFloat.cols) * asFloat.channels();
            for (int y = 0; y < asFloat.rows; ++y) std::memcpy(pixels + y * rowCount, asFloat.ptr<float>(y), rowCount * sizeof(float));
        }
        out->width = asFloat.cols;
        out->height = asFloat.rows;
        out->channels = asFloat.channels();
        out->bits_per_sample = bitsFor(decoded.depth());
        out->pixels = pixels;
        return 0;
    } catch (const cv::Exception &e) {
        writeError(error, error_capacity, "corrupt image data (" + e.err + ")");
    } catch (const std::exception &e) {
        writeError(error, error_capacity, e.what());
    } catch (...) {
        writeError(error, error_capacity, "unknown decoder failure");
    }
    return 1;
}

extern "C" int cmir_encode(const char *path, const float *pixels, int width, int height, int channels, int bits,
                           char *error, size_t error_capacity) {
    configureOnce();
    try {
        if (channels != 1 && channels != 3 && channels != 4) { writeError(error, error_capacity, "can only save 1, 3 or 4 channels"); return 1; }
        cv::Mat source(height, width, CV_MAKETYPE(CV_32F, channels), const_cast<float *>(pixels));
        cv::Mat ordered;
        if (channels == 3) cv::cvtColor(source, ordered, cv::COLOR_RGB2BGR);
        else if (channels == 4) cv::cvtColor(source, ordered, cv::COLOR_RGBA2BGRA);
        else ordered = source;
        cv::Mat encoded;
        switch (bits) {
        case 8: ordered.convertTo(encoded, CV_8U, 255.0); break;
        case 16: ordered.convertTo(encoded, CV_16U, 65535.0); break;
        case 32: encoded = ordered; break;
        default: writeError(error, error_capacity, "unsupported bit depth " + std::to_string(bits)); return 1;
        }
        if (!cv::imwrite(path, encoded)) { writeError(error, error_capacity, std::string("cannot write ") + path); return 1; }
        return 0;
    } catch (const cv::Exception &e) {
        writeError(error, error_capacity, std::string("cannot write ") + path + ": " + e.err);
    } catch (const std::exception &e) {
        writeError(error, error_capacity, e.what());
    }
    return 1;
}

extern "C" int cmir_encode_png_rgb8(const uint8_t *rgb, int width, int height, int compression, uint8_t **png,
                                    size_t *length, char *error, size_t error_capacity) {
    configureOnce();
    try {
        cv::Mat source(height, width, CV_8UC3, const_cast<uint8_t *>(rgb));
        cv::Mat ordered;
        cv::cvtColor(source, ordered, cv::COLOR_RGB2BGR);
        std::vector<uchar> buffer;
        if (!cv::imencode(".png", ordered, buffer, {cv::IMWRITE_PNG_COMPRESSION, compression})) {
            writeError(error, error_capacity, "cannot encode PNG");
            return 1;
        }
        *png = static_cast<uint8_t *>(std::malloc(buffer.size()));
        if (*png == nullptr) { writeError(error, error_capacity, "out of memory"); return 1; }
        std::memcpy(*png, buffer.data(), buffer.size());
        *length = buffer.size();
        return 0;
    } catch (const cv::Exception &e) {
        writeError(error, error_capacity, std::string("cannot encode PNG: ") + e.err);
    } catch (const std::exception &e) {
        writeError(error, error_capacity, e.what());
    }
    return 1;
}

extern "C" int cmir_resize(const float *src, int width, int height, int channels, float *dst, int dst_width,
                           int dst_height) {
    try {
        cv::Mat source(height, width, CV_MAKETYPE(CV_32F, channels), const_cast<float *>(src));
        cv::Mat target(dst_height, dst_width, CV_MAKETYPE(CV_32F, channels), dst);
        bool shrinking = dst_width < width && dst_height < height;
        cv::resize(source, target, target.size(), 0, 0, shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
        return target.data == reinterpret_cast<uchar *>(dst) ? 0 : 1;
    } catch (...) {
        return 1;
    }
}

extern "C" int cmir_warp_affine(const float *src, int width, int height, int channels, float *dst, int dst_width,
                                int dst_height, const double matrix[6], const float *border) {
    try {
        cv::Mat source(height, width, CV_MAKETYPE(CV_32F, channels), const_cast<float *>(src));
        cv::Mat target(dst_height, dst_width, CV_MAKETYPE(CV_32F, channels), dst);
        cv::Mat transform(2, 3, CV_64F, const_cast<double *>(matrix));
        cv::Scalar fill;
        for (int c = 0; c < channels && c < 4; ++c) fill[c] = border[c];
        cv::warpAffine(source, target, transform, target.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, fill);
        return target.data == reinterpret_cast<uchar *>(dst) ? 0 : 1;
    } catch (...) {
        return 1;
    }
}

extern "C" int cmir_sift(const float *gray, int width, int height, int max_features, int native_first_octave,
                         cmir_keypoint **keypoints, float **descriptors, int *count, char *error,
                         size_t error_capacity) {
    configureOnce();
    try {
        cv::Mat source(height, width, CV_32FC1, const_cast<float *>(gray));
        // OpenCV always starts at the image doubled; detecting on the image halved makes that first octave the
        // image's own resolution. Keypoints are mapped back to the full image below.
        cv::Mat halved;
        if (native_first_octave != 0) {
            cv::resize(source, halved, cv::Size((width + 1) / 2, (height + 1) / 2), 0, 0, cv::INTER_AREA);
        }
        const cv::Mat &detected = native_first_octave != 0 ? halved : source;
        const float scaleX = static_cast<float>(width) / static_cast<float>(detected.cols);
        const float scaleY = static_cast<float>(height) / static_cast<float>(detected.rows);
        cv::Mat image;
        detected.convertTo(image, CV_8U, 255.0);
        cv::Ptr<cv::SIFT> sift = cv::SIFT::create(max_features);
        std::vector<cv::KeyPoint> found;
        cv::Mat described;
        sift->detectAndCompute(image, cv::noArray(), found, described);
        int n = static_cast<int>(found.size());
        auto *points = static_cast<cmir_keypoint *>(std::malloc(sizeof(cmir_keypoint) * std::max(n, 1)));
        auto *values = static_cast<float *>(std::malloc(sizeof(float) * 128 * std::max(n, 1)));
        if (points == nullptr || values == nullptr) {
            std::free(points); std::free(values);
            writeError(error, error_capacity, "out of memory");
            return 1;
        }
        for (int i = 0; i < n; ++i) {
            // Pixel centres map as (p + 0.5) * scale - 0.5.
            points[i] = {(found[i].pt.x + 0.5f) * scaleX - 0.5f, (found[i].pt.y + 0.5f) * scaleY - 0.5f,
                         found[i].size * 0.5f * (scaleX + scaleY), found[i].angle, found[i].response};
            std::memcpy(values + 128 * i, described.ptr<float>(i), 128 * sizeof(float));
        }
        *keypoints = points;
        *descriptors = values;
        *count = n;
        return 0;
    } catch (const cv::Exception &e) {
        writeError(error, error_capacity, "SIFT failed: " + e.err);
    } catch (const std::exception &e) {
        writeError(error, error_capacity, e.what());
    }
    return 1;
}

extern "C" void cmir_free(void *pointer) { std::free(pointer); }
