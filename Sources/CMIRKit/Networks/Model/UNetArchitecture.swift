/// The shape of one modality's network, stored in model files.
public struct UNetArchitecture: Codable, Sendable, Equatable {
    public var inputChannels: Int
    public var outputChannels: Int
    /// Resolution levels; the network halves the resolution `levels - 1` times.
    public var levels: Int
    /// Channels of the first level; each deeper level doubles them.
    public var baseWidth: Int

    public init(inputChannels: Int, outputChannels: Int = 1, levels: Int = 4, baseWidth: Int = 16) {
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.levels = levels
        self.baseWidth = baseWidth
    }

    /// Input sizes must be multiples of this (one factor 2 per pooling).
    public var stride: Int { 1 << (levels - 1) }

    /// How far (in input pixels) an output pixel can see: two 3 x 3 convolutions per level and side, plus the
    /// pooling/upsampling offsets. Tiles overlap by at least this much so their interiors match whole-image output.
    public var receptiveRadius: Int {
        var radius = 0
        for level in 0..<levels {
            let scale = 1 << level
            radius += 2 * scale * (level == levels - 1 ? 1 : 2) + scale
        }
        return radius
    }
}
