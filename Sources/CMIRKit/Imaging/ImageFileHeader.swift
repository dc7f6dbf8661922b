/// What an image file holds, as `ImageFile.load` would decode it, without necessarily decoding it.
public struct ImageFileHeader: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// Channels after decoding: 1, 3 or 4 (gray, RGB, RGBA).
    public let channels: Int
    /// Bits per sample as stored (8, 16 or 32).
    public let bitsPerSample: Int
    /// Why the file, though readable, does not hold the whole image (a truncated JPEG); nil when it does.
    public let damage: String?
}
