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

    /// The image in the channel layout the network expects, log-transformed and stretched (not standardised).
    func transformed(_ image: Image) -> Image {
        var out = image.droppingAlpha()
        if channels == 1 { out = out.grayscale() }
        else if out.channels == 1 {
            out = Image(width: out.width, height: out.height, channels: channels,
                        pixels: Array([[Float]](repeating: out.pixels, count: channels).joined()))
        }
        if let gain = logGain {
            let g = Float(gain), norm = 1 / Float(Foundation.log1p(gain))
            out.pixels.withUnsafeMutableBufferPointer { p in
                for i in 0..<p.count { p[i] = log1pf(max(p[i], 0) * g) * norm }
            }
        }
        if let q = stretchQuantiles, q.count == 2 {
            let (low, high) = Self.quantiles(of: out.pixels, q[0], q[1])
            let range = high - low
            out.pixels.withUnsafeMutableBufferPointer { p in
                for i in 0..<p.count { p[i] = range > 1e-6 ? min(max((p[i] - low) / range, 0), 1) : 0 }
            }
        }
        return out
    }

    /// Network input: transformed and standardised.
    public func apply(_ image: Image) -> Image {
        var out = transformed(image)
        let plane = out.pixelCount
        out.pixels.withUnsafeMutableBufferPointer { p in
            for c in 0..<channels {
                let m = mean[c], s = 1 / max(deviation[c], 1e-6)
                for i in (c * plane)..<((c + 1) * plane) { p[i] = (p[i] - m) * s }
            }
        }
        return out
    }

    /// Sets mean and deviation from (transformed) training images.
    mutating func fitStandardisation(_ images: [Image]) {
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

    /// Approximate quantiles of values in [0, 1] from a 4096-bin histogram (bin centres).
    static func quantiles(of values: [Float], _ low: Double, _ high: Double) -> (Float, Float) {
        let bins = 4096
        var histogram = [Int](repeating: 0, count: bins)
        for v in values { histogram[min(bins - 1, max(0, Int(v * Float(bins))))] += 1 }
        func quantile(_ q: Double) -> Float {
            let target = Int(Double(values.count - 1) * q)
            var seen = 0
            for (bin, n) in histogram.enumerated() {
                seen += n
                if seen > target { return (Float(bin) + 0.5) / Float(bins) }
            }
            return 1
        }
        return (quantile(low), quantile(high))
    }
}
