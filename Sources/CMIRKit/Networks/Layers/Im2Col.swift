/// The 3 x 3, zero-padded unfolding that turns a convolution into one matrix product.
/// Column matrix layout: row (channel * 9 + ky * 3 + kx), column (row - firstRow) * width + x.
enum Im2Col {
    /// Unfolds output rows `rows` of one image (channels x height x width) into `columns`.
    static func unfold<T: NetworkScalar>(_ source: UnsafePointer<T>, channels: Int, height: Int, width: Int,
                                         rows: Range<Int>, into columns: UnsafeMutablePointer<T>) {
        let plane = height * width, pixels = rows.count * width
        for c in 0..<channels {
            for ky in 0..<3 {
                for kx in 0..<3 {
                    let target = columns + ((c * 3 + ky) * 3 + kx) * pixels
                    for y in rows {
                        let out = target + (y - rows.lowerBound) * width
                        let sy = y + ky - 1
                        if sy < 0 || sy >= height {
                            out.update(repeating: 0, count: width)
                            continue
                        }
                        let line = source + c * plane + sy * width
                        switch kx {
                        case 0:
                            out[0] = 0
                            (out + 1).update(from: line, count: width - 1)
                        case 1:
                            out.update(from: line, count: width)
                        default:
                            out.update(from: line + 1, count: width - 1)
                            out[width - 1] = 0
                        }
                    }
                }
            }
        }
    }
}
