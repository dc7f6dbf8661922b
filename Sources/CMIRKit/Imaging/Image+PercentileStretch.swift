extension Image {
    /// Maps the `low` and `high` quantiles of all values to 0 and 1, clipping outside.
    /// A flat image becomes all zeros.
    public func percentileStretched(low: Double, high: Double) -> Image {
        let bounds = pixels.orderStatistics([Int(Double(pixels.count - 1) * low), Int(Double(pixels.count - 1) * high)])
        let lo = bounds[0], hi = bounds[1]
        let range = hi - lo
        var out = self
        if range <= 1e-12 {
            out.pixels = [Float](repeating: 0, count: pixels.count)
        } else {
            for i in out.pixels.indices { out.pixels[i] = min(max((pixels[i] - lo) / range, 0), 1) }
        }
        return out
    }

    /// Maps the `low` and `high` quantiles to 0 and 1, clipping outside. The quantiles come from at most about a
    /// million evenly spaced samples, so a huge image is neither sorted nor copied whole (unlike
    /// `percentileStretched`, whose exact quantiles the two agree with on images of up to a million values).
    public func sampledPercentileStretched(low: Double, high: Double) -> Image {
        let step = max(1, pixels.count / 1_000_000)
        let samples = Swift.stride(from: 0, to: pixels.count, by: step).map { pixels[$0] }
        let bounds = samples.orderStatistics([Int(Double(samples.count - 1) * low), Int(Double(samples.count - 1) * high)])
        let lo = bounds[0], hi = bounds[1]
        var out = self
        let scale = hi - lo > 1e-12 ? 1 / (hi - lo) : 0
        out.pixels.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count { p[i] = min(max((p[i] - lo) * scale, 0), 1) }
        }
        return out
    }
}
