import Foundation
import COpenCV

/// An axis-aligned rectangle in pixel coordinates.
public struct PixelRect: Sendable, Equatable, Codable {
    public var x: Int, y: Int, width: Int, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }

    /// Whether the two rectangles share a pixel.
    public func intersects(_ other: PixelRect) -> Bool {
        x < other.x + other.width && other.x < x + width && y < other.y + other.height && other.y < y + height
    }

    /// The smallest rectangle holding both.
    public func union(_ other: PixelRect) -> PixelRect {
        let left = min(x, other.x), top = min(y, other.y)
        return PixelRect(x: left, y: top, width: max(x + width, other.x + other.width) - left,
                         height: max(y + height, other.y + other.height) - top)
    }

    /// The pixels both hold; nil when they share none.
    func intersection(_ other: PixelRect) -> PixelRect? {
        let left = max(x, other.x), top = max(y, other.y)
        let right = min(x + width, other.x + other.width), bottom = min(y + height, other.y + other.height)
        return right > left && bottom > top ? PixelRect(x: left, y: top, width: right - left, height: bottom - top) : nil
    }

    /// Whether the point lies inside (the right and bottom edges are outside).
    func contains(x px: Float, y py: Float) -> Bool {
        px >= Float(x) && px < Float(x + width) && py >= Float(y) && py < Float(y + height)
    }
}

/// A 2 x 3 affine map, destination = M * (x, y, 1), in OpenCV's row-major layout.
public struct AffineTransform: Sendable, Equatable {
    public var m: (Double, Double, Double, Double, Double, Double)
    public init(_ a: Double, _ b: Double, _ c: Double, _ d: Double, _ e: Double, _ f: Double) { m = (a, b, c, d, e, f) }

    public static func == (l: AffineTransform, r: AffineTransform) -> Bool {
        l.m.0 == r.m.0 && l.m.1 == r.m.1 && l.m.2 == r.m.2 && l.m.3 == r.m.3 && l.m.4 == r.m.4 && l.m.5 == r.m.5
    }

    /// Rotation by `degrees` about `center`, counter-clockwise as displayed (y down), as OpenCV's
    /// getRotationMatrix2D, followed by a shift of (tx, ty).
    public static func rotation(degrees: Double, center: (x: Double, y: Double), shift: (x: Double, y: Double) = (0, 0)) -> AffineTransform {
        let a = degrees * .pi / 180, c = cos(a), s = sin(a)
        return AffineTransform(c, s, (1 - c) * center.x - s * center.y + shift.x,
                               -s, c, s * center.x + (1 - c) * center.y + shift.y)
    }

    /// Where the point (x, y) goes.
    public func apply(_ x: Double, _ y: Double) -> (x: Double, y: Double) {
        (m.0 * x + m.1 * y + m.2, m.3 * x + m.4 * y + m.5)
    }
}

extension Image {
    /// Luminance (Rec. 601 weights) of RGB/RGBA images; gray images are returned as they are.
    public func grayscale() -> Image {
        if channels == 1 { return self }
        if channels == 2 { return plane(0) }
        let n = pixelCount
        var out = [Float](repeating: 0, count: n)
        pixels.withUnsafeBufferPointer { p in
            for i in 0..<n { out[i] = 0.299 * p[i] + 0.587 * p[n + i] + 0.114 * p[2 * n + i] }
        }
        return Image(width: width, height: height, channels: 1, pixels: out)
    }

    /// The image without its alpha plane (RGBA to RGB); others unchanged.
    public func droppingAlpha() -> Image {
        guard channels == 4 else { return self }
        return Image(width: width, height: height, channels: 3, pixels: Array(pixels[0..<(3 * pixelCount)]))
    }

    /// The image with `border` pixels on every side mirrored from inside it (symmetric, as `mirroredIndex`).
    public func mirrored(by border: Int) -> Image {
        guard border > 0 else { return self }
        let w = width + 2 * border, h = height + 2 * border
        let columns = (0..<w).map { Self.mirroredIndex($0 - border, width) }
        var out = [Float](repeating: 0, count: w * h * channels)
        pixels.withUnsafeBufferPointer { source in
            for c in 0..<channels {
                for y in 0..<h {
                    let from = c * pixelCount + Self.mirroredIndex(y - border, height) * width, to = c * w * h + y * w
                    for x in 0..<w { out[to + x] = source[from + columns[x]] }
                }
            }
        }
        return Image(width: w, height: h, channels: channels, pixels: out)
    }

    /// Reflects an index into 0..<size (symmetric: -1 -> 0, size -> size - 1; clamped where the reflection would
    /// still fall outside, for borders wider than the image).
    static func mirroredIndex(_ i: Int, _ size: Int) -> Int {
        var j = i
        if j < 0 { j = -j - 1 }
        if j >= size { j = 2 * size - 1 - j }
        return min(max(j, 0), size - 1)
    }

    /// The part of the image inside `rect`, which is clipped to the image; nil when nothing is left.
    public func cropped(to rect: PixelRect) -> Image? {
        let x0 = max(0, rect.x), y0 = max(0, rect.y)
        let x1 = min(width, rect.x + rect.width), y1 = min(height, rect.y + rect.height)
        guard x1 > x0, y1 > y0 else { return nil }
        let w = x1 - x0, h = y1 - y0
        var out = [Float](repeating: 0, count: w * h * channels)
        for c in 0..<channels {
            for y in 0..<h {
                let src = c * pixelCount + (y0 + y) * width + x0
                let dst = c * w * h + y * w
                out[dst..<(dst + w)] = pixels[src..<(src + w)]
            }
        }
        return Image(width: w, height: h, channels: channels, pixels: out)
    }

    /// The image scaled to the given size (area averaging when shrinking, bilinear when enlarging).
    public func resized(width newWidth: Int, height newHeight: Int) -> Image {
        precondition(newWidth > 0 && newHeight > 0)
        if newWidth == width && newHeight == height { return self }
        let source = interleaved()
        var target = [Float](repeating: 0, count: newWidth * newHeight * channels)
        let status = cmir_resize(source, Int32(width), Int32(height), Int32(channels), &target,
                                 Int32(newWidth), Int32(newHeight))
        precondition(status == 0, "OpenCV resize failed")
        return target.withUnsafeBufferPointer {
            Image(width: newWidth, height: newHeight, channels: channels, interleaved: $0)
        }
    }

    /// The image warped by `transform` onto a canvas of the given size (default: the same size),
    /// bilinear, uncovered pixels set to `border` (one value per channel, or one for all).
    public func warped(by transform: AffineTransform, width newWidth: Int? = nil, height newHeight: Int? = nil,
                       border: [Float] = [0]) -> Image {
        let w = newWidth ?? width, h = newHeight ?? height
        let fill = (0..<4).map { border.count == 1 ? border[0] : (($0 < border.count) ? border[$0] : 0) }
        let matrix = [transform.m.0, transform.m.1, transform.m.2, transform.m.3, transform.m.4, transform.m.5]
        let source = interleaved()
        var target = [Float](repeating: 0, count: w * h * channels)
        let status = cmir_warp_affine(source, Int32(width), Int32(height), Int32(channels), &target,
                                      Int32(w), Int32(h), matrix, fill)
        precondition(status == 0, "OpenCV warpAffine failed")
        return target.withUnsafeBufferPointer { Image(width: w, height: h, channels: channels, interleaved: $0) }
    }
}
