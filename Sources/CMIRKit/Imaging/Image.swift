/// An image as the engine sees it: `channels` float planes of `width * height` values in [0, 1].
/// Planar storage keeps per-channel work (gray conversion, network input) contiguous.
public struct Image: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let channels: Int
    /// Channel-major: plane c starts at `c * width * height`; rows are contiguous within a plane.
    public var pixels: [Float]

    public init(width: Int, height: Int, channels: Int, pixels: [Float]) {
        precondition(width > 0 && height > 0 && channels > 0, "image dimensions must be positive")
        precondition(pixels.count == width * height * channels, "pixel count does not match dimensions")
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// An image filled with one value in every channel.
    public init(width: Int, height: Int, channels: Int, filledWith value: Float = 0) {
        self.init(width: width, height: height, channels: channels,
                  pixels: [Float](repeating: value, count: width * height * channels))
    }

    public var pixelCount: Int { width * height }

    /// The value at (x, y) in channel c.
    @inlinable public subscript(x: Int, y: Int, c: Int) -> Float {
        get { pixels[c * width * height + y * width + x] }
        set { pixels[c * width * height + y * width + x] = newValue }
    }

    /// One channel as a gray image.
    public func plane(_ c: Int) -> Image {
        let n = pixelCount
        return Image(width: width, height: height, channels: 1, pixels: Array(pixels[(c * n)..<((c + 1) * n)]))
    }

    /// Interleaved (pixel-major) values, as C image libraries expect them.
    public func interleaved() -> [Float] {
        if channels == 1 { return pixels }
        let n = pixelCount
        var out = [Float](repeating: 0, count: pixels.count)
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for c in 0..<channels {
                    for i in 0..<n { dst[i * channels + c] = src[c * n + i] }
                }
            }
        }
        return out
    }

    /// Builds an image from interleaved (pixel-major) values.
    public init(width: Int, height: Int, channels: Int, interleaved: UnsafeBufferPointer<Float>) {
        let n = width * height
        var planar = [Float](repeating: 0, count: n * channels)
        planar.withUnsafeMutableBufferPointer { dst in
            for c in 0..<channels {
                for i in 0..<n { dst[c * n + i] = interleaved[i * channels + c] }
            }
        }
        self.init(width: width, height: height, channels: channels, pixels: planar)
    }
}
