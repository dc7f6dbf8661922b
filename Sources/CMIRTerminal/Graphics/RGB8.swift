import CMIRKit

/// An 8-bit RGB raster, the common input of the terminal renderers.
public struct RGB8: Sendable {
    public let width: Int
    public let height: Int
    /// width * height * 3 bytes, row-major, interleaved RGB.
    public var bytes: [UInt8]

    /// A raster of these pixels (`width * height * 3` bytes).
    public init(width: Int, height: Int, bytes: [UInt8]) {
        precondition(bytes.count == width * height * 3, "RGB8: \(bytes.count) bytes are not \(width) x \(height) pixels")
        self.width = width
        self.height = height
        self.bytes = bytes
    }

    /// Scales `image` to exactly width x height pixels and converts it to 8-bit RGB
    /// (gray is replicated; alpha is composited over black).
    public init(_ image: Image, width: Int, height: Int) {
        let scaled = image.resized(width: width, height: height)
        let n = width * height
        var out = [UInt8](repeating: 0, count: n * 3)
        scaled.pixels.withUnsafeBufferPointer { p in
            for i in 0..<n {
                let alpha: Float = scaled.channels == 4 ? p[3 * n + i] : 1
                for c in 0..<3 {
                    let source = scaled.channels >= 3 ? p[c * n + i] : p[i]
                    out[i * 3 + c] = UInt8((min(max(source * alpha, 0), 1) * 255).rounded())
                }
            }
        }
        self.width = width
        self.height = height
        self.bytes = out
    }
}

extension RGB8 {
    /// The pixel at (x, y) packed as 0xRRGGBB.
    func colour(x: Int, y: Int) -> UInt32 {
        let i = (y * width + x) * 3
        return UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
    }
}
