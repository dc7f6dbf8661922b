/// Rotations by multiples of 90 degrees, exact (no interpolation): the group C4 that CoMIR's training makes the
/// representations equivariant to, and the augmentation of its crops.
/// One turn maps out[y][x] = in[x][width - 1 - y] (counter-clockwise as displayed, numpy's rot90).
public enum QuarterTurn {
    /// Rotates one plane of `height x width` values by `turns` quarter turns into `target`
    /// (which is `width x height` for odd turns).
    static func rotate<T>(_ source: UnsafePointer<T>, height: Int, width: Int, turns: Int,
                          into target: UnsafeMutablePointer<T>) {
        switch ((turns % 4) + 4) % 4 {
        case 0:
            target.update(from: source, count: height * width)
        case 1: // out is width x height
            for y in 0..<width { for x in 0..<height { target[y * height + x] = source[x * width + (width - 1 - y)] } }
        case 2:
            for y in 0..<height { for x in 0..<width { target[y * width + x] = source[(height - 1 - y) * width + (width - 1 - x)] } }
        default: // out[y][x] = in[height - 1 - x][y]
            for y in 0..<width { for x in 0..<height { target[y * height + x] = source[(height - 1 - x) * width + y] } }
        }
    }

    /// Each image of a batch of square images rotated by its own number of quarter turns.
    static func rotate<T: NetworkScalar>(_ x: Tensor<T>, turns: [Int]) -> Tensor<T> {
        precondition(turns.count == x.count && x.height == x.width, "per-image rotation needs square images")
        var y = x.uninitializedCopyShape()
        let side = x.height, plane = x.planeSize, size = x.imageSize, channels = x.channels
        x.data.withUnsafeBufferPointer { xp in
            y.data.withUnsafeMutableBufferPointer { yp in
                ParallelMap.forEach(x.count) { n in
                    for c in 0..<channels {
                        let offset = n * size + c * plane
                        rotate(xp.baseAddress! + offset, height: side, width: side, turns: turns[n],
                               into: yp.baseAddress! + offset)
                    }
                }
            }
        }
        return y
    }

    /// Every image of `x` turned by the same quarter turns (non-square allowed).
    static func rotate<T: NetworkScalar>(_ x: Tensor<T>, turns: Int) -> Tensor<T> {
        let odd = ((turns % 4) + 4) % 2 == 1
        var y = Tensor<T>(count: x.count, channels: x.channels, height: odd ? x.width : x.height, width: odd ? x.height : x.width)
        let plane = x.planeSize
        x.data.withUnsafeBufferPointer { source in
            y.data.withUnsafeMutableBufferPointer { target in
                for p in 0..<(x.count * x.channels) {
                    rotate(source.baseAddress! + p * plane, height: x.height, width: x.width, turns: turns,
                           into: target.baseAddress! + p * plane)
                }
            }
        }
        return y
    }
}
