import Foundation

/// How one modality's images become network input; stored in the model so that training and every later use
/// transform images identically.
///
/// Steps, in order: channel conversion (gray <-> RGB, alpha dropped); optional log transform
/// x -> log(1 + gain x) / log(1 + gain), which lifts the very dark raw SHG intensities; optional per-image
/// percentile stretch (computed over the whole image before any tiling, from a 4096-bin histogram, so memory stays
/// flat on huge images); per-channel standardisation with the training data's mean and deviation.
public struct ModalityPreprocessing: Codable, Sendable, Equatable {
    public var channels: Int
    public var logGain: Double?
    /// Quantiles mapped to 0 and 1 per image, e.g. [0.01, 0.995]; nil for none.
    public var stretchQuantiles: [Double]?
    public var mean: [Float]
    public var deviation: [Float]

    public init(channels: Int, logGain: Double? = nil, stretchQuantiles: [Double]? = nil) {
        self.channels = channels
        self.logGain = logGain
        self.stretchQuantiles = stretchQuantiles
        mean = [Float](repeating: 0, count: channels)
        deviation = [Float](repeating: 1, count: channels)
    }

    /// The defaults for a modality name: SHG-like names get the log transform and stretch, others RGB as is.
    public static func defaults(forModality name: String, channels: Int) -> ModalityPreprocessing {
        if name.lowercased().contains("shg") {
            return ModalityPreprocessing(channels: 1, logGain: 255, stretchQuantiles: [0.01, 0.995])
        }
        return ModalityPreprocessing(channels: channels)
    }

    /// The per-image stretch bounds (after channel conversion and log transform), computed over the whole
    /// image without copying it; nil when this modality has no stretch.
    func stretchBounds(of image: Image) -> (low: Float, high: Float)? {
        guard let q = stretchQuantiles, q.count == 2 else { return nil }
        let bins = 4096
        var histogram = [Int](repeating: 0, count: bins)
        let width = image.width
        for y in 0..<image.height {
            for c in 0..<channels {
                forEachValue(of: image, row: y, columns: 0..<width, channel: c) { v in
                    // Clamped as a float first: NaN or infinite pixels (float TIFFs) must not trap the conversion.
                    let bin = min(max(v * Float(bins), 0), Float(bins - 1))
                    histogram[bin.isNaN ? 0 : Int(bin)] += 1
                }
            }
        }
        let total = image.pixelCount * channels
        func quantile(_ q: Double) -> Float {
            let target = Int(Double(total - 1) * q)
            var seen = 0
            for (bin, n) in histogram.enumerated() {
                seen += n
                if seen > target { return (Float(bin) + 0.5) / Float(bins) }
            }
            return 1
        }
        return (quantile(q[0]), quantile(q[1]))
    }

    /// Network input for `region` of `image` (channels x region.height x region.width). Pixels outside the image
    /// are mirrored from inside it, so padding to the network's stride adds no artificial edges.
    func input(from image: Image, region: PixelRect, stretch: (low: Float, high: Float)?) -> [Float] {
        var out = [Float](repeating: 0, count: channels * region.width * region.height)
        let plane = region.width * region.height
        let columns = (0..<region.width).map { Image.mirroredIndex(region.x + $0, image.width) }
        let first = columns.min()!, last = columns.max()!
        var row = [Float](repeating: 0, count: last - first + 1)
        for c in 0..<channels {
            let m = mean[c], s = 1 / max(deviation[c], 1e-6)
            for ry in 0..<region.height {
                var x = 0
                forEachValue(of: image, row: Image.mirroredIndex(region.y + ry, image.height), columns: first..<(last + 1), channel: c) {
                    row[x] = $0
                    x += 1
                }
                let rowStart = c * plane + ry * region.width
                for rx in 0..<region.width {
                    var v = row[columns[rx] - first]
                    if let stretch {
                        let range = stretch.high - stretch.low
                        v = range > 1e-6 ? min(max((v - stretch.low) / range, 0), 1) : 0
                    }
                    out[rowStart + rx] = (v - m) * s
                }
            }
        }
        return out
    }

    /// Network input for a whole image (what training uses).
    public func apply(_ image: Image) -> Image {
        Image(width: image.width, height: image.height, channels: channels,
              pixels: input(from: image, region: PixelRect(x: 0, y: 0, width: image.width, height: image.height),
                            stretch: stretchBounds(of: image)))
    }

    /// The channel-converted, log-transformed values of one row segment (before stretch and standardisation).
    @inline(__always)
    private func forEachValue(of image: Image, row y: Int, columns: Range<Int>, channel c: Int, _ body: (Float) -> Void) {
        let n = image.pixelCount, base = y * image.width
        let gain = Float(logGain ?? 0), norm = logGain.map { 1 / Float(Foundation.log1p($0)) } ?? 1
        image.pixels.withUnsafeBufferPointer { p in
            for x in columns {
                let i = base + x
                var v: Float
                if channels == 1 {
                    switch image.channels {
                    case 1: v = p[i]
                    case 2: v = p[i]
                    default: v = 0.299 * p[i] + 0.587 * p[n + i] + 0.114 * p[2 * n + i]
                    }
                } else {
                    v = image.channels >= 3 ? p[min(c, 2) * n + i] : p[i]
                }
                if logGain != nil { v = log1pf(max(v, 0) * gain) * norm }
                body(v)
            }
        }
    }

    /// Sets mean and deviation from training images (of the values before standardisation).
    mutating func fitStandardisation(_ originals: [Image]) {
        let unit = ModalityPreprocessing(channels: channels, logGain: logGain, stretchQuantiles: stretchQuantiles)
        let images = originals.map { unit.apply($0) }
        for c in 0..<channels {
            var sum = 0.0, squares = 0.0, count = 0.0
            for image in images {
                for v in image.pixels[(c * image.pixelCount)..<((c + 1) * image.pixelCount)] {
                    sum += Double(v); squares += Double(v) * Double(v)
                }
                count += Double(image.pixelCount)
            }
            let m = sum / max(count, 1)
            mean[c] = Float(m)
            deviation[c] = Float(max(squares / max(count, 1) - m * m, 1e-12).squareRoot())
        }
    }
}
