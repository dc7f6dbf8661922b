extension Image {
    /// The image turned by `turns` quarter turns (see `QuarterTurn`).
    public func rotatedQuarterTurns(_ turns: Int) -> Image {
        let odd = ((turns % 4) + 4) % 2 == 1
        var out = Image(width: odd ? height : width, height: odd ? width : height, channels: channels)
        let plane = pixelCount
        pixels.withUnsafeBufferPointer { source in
            out.pixels.withUnsafeMutableBufferPointer { target in
                for c in 0..<channels {
                    QuarterTurn.rotate(source.baseAddress! + c * plane, height: height, width: width, turns: turns,
                                       into: target.baseAddress! + c * plane)
                }
            }
        }
        return out
    }
}
