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

    /// Trainable values of the network (convolution weights and biases, normalisation scales and shifts), computed
    /// from the shape alone so that a model file's counts can be checked before any network is allocated.
    public var parameterCount: Int {
        let widths = (0..<levels).map { baseWidth << $0 }
        func block(_ input: Int, _ output: Int) -> Int { 9 * output * (input + output) + 4 * output }
        var count = widths[0] * outputChannels + outputChannels
        for level in 0..<levels { count += block(level == 0 ? inputChannels : widths[level - 1], widths[level]) }
        for level in 0..<(levels - 1) { count += block(widths[level + 1] + widths[level], widths[level]) }
        return count
    }

    /// Values a model file stores per network: the parameters plus each normalisation's running mean and variance.
    public var storedValueCount: Int {
        let normalisedChannels = 2 * (0..<levels).reduce(0) { $0 + (baseWidth << $1) } + 2 * (0..<(levels - 1)).reduce(0) { $0 + (baseWidth << $1) }
        return parameterCount + 2 * normalisedChannels
    }

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
