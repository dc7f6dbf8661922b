/// A 3 x 3 convolution at inference by Winograd's minimal filtering F(4 x 4, 3 x 3) (Lavin & Gray 2016, points 0,
/// +-1, +-2 and infinity): each 4 x 4 block of outputs comes from the 6 x 6 block of inputs around it with 36
/// multiplications per input and output channel instead of 144. Per band of output rows the input blocks are
/// transformed (V = B^T d B), multiplied with the transformed weights (U = G g G^T) in 36 matrix products over the
/// channels, one per position in the 6 x 6 block (M = U V), and transformed back (Y = A^T M A). Zero padding as the
/// im2col path, whose results it matches up to float rounding.
enum WinogradConvolution {
    /// Largest band of transformed inputs and products per worker, in values (4 MB of floats): each of the 36
    /// products then works on a small part of it, within a core's cache.
    static let bandBudget = 1 << 20

    /// Output rows per band (a multiple of 4, so bands start on a block row) within the budget: a band holds 36
    /// values per 16 pixels for every input and output channel.
    static func bandRows(inputs: Int, outputs: Int, width: Int) -> Int {
        max(4, bandBudget * 16 / (36 * (inputs + outputs) * max(width, 1)) & ~3)
    }

    /// Scratch values one worker needs for a band of `rows` output rows.
    static func scratchCount(inputs: Int, outputs: Int, rows: Int, width: Int) -> Int {
        let columns = paddedBlockColumns(width: width)
        return 36 * (inputs + outputs) * ((rows + 3) / 4) * columns + 48 * lineLength(width: width) + 24 * 8
            + 16 * columns
    }

    /// Blocks per block row, rounded up to whole vectors: the transforms run eight blocks at a time, and the
    /// products' extra columns (of zero input) cost less than a scalar tail.
    private static func paddedBlockColumns(width: Int) -> Int { ((width + 3) / 4 + 7) / 8 * 8 }

    /// One phase of an input row (every fourth column, with one zero in front of the row), with room for a
    /// vector beyond the last block.
    private static func lineLength(width: Int) -> Int { paddedBlockColumns(width: width) + 8 }

    /// G x for three values x (a kernel's row or column), written `stride` apart from `target`: the six rows of G
    /// are (1/4, 0, 0), -(1, 1, 1)/6, -(1, -1, 1)/6, (1/24, 1/12, 1/6), (1/24, -1/12, 1/6) and (0, 0, 1).
    private static func kernelTransform<T: NetworkScalar>(_ x0: T, _ x1: T, _ x2: T, into target: UnsafeMutablePointer<T>,
                                                          stride: Int) {
        let even = (x0 + x2) / 6, odd = x1 / 6, evenHigh = x0 / 24 + x2 / 6, oddHigh = x1 / 12
        target[0] = x0 / 4; target[stride] = -even - odd; target[2 * stride] = -even + odd
        target[3 * stride] = evenHigh + oddHigh; target[4 * stride] = evenHigh - oddHigh; target[5 * stride] = x2
    }

    /// U = G g G^T of every output and input channel's kernel g (weights laid out [outputs][inputs][3][3]), as 36
    /// row-major outputs x inputs matrices, one per block position.
    static func transformedWeights<T: NetworkScalar>(_ weight: [T], inputs: Int, outputs: Int) -> [T] {
        var u = [T](repeating: 0, count: 36 * outputs * inputs)
        u.withUnsafeMutableBufferPointer { u in
            withUnsafeTemporaryAllocation(of: T.self, capacity: 18) { columns in
                let gg = columns.baseAddress!, step = outputs * inputs
                for o in 0..<outputs {
                    for c in 0..<inputs {
                        let w = (o * inputs + c) * 9
                        // G g column by column of the kernel (6 x 3, row-major), then each of its rows times G^T.
                        for kx in 0..<3 { kernelTransform(weight[w + kx], weight[w + 3 + kx], weight[w + 6 + kx], into: gg + kx, stride: 3) }
                        for i in 0..<6 {
                            kernelTransform(gg[3 * i], gg[3 * i + 1], gg[3 * i + 2],
                                            into: u.baseAddress! + (6 * i * outputs + o) * inputs + c, stride: step)
                        }
                    }
                }
            }
        }
        return u
    }

    /// B^T d for six values d: (4 d0 - 5 d2 + d4, -4 (d1 + d2) + d3 + d4, 4 (d1 - d2) - d3 + d4,
    /// 2 (d3 - d1) - d2 + d4, 2 (d1 - d3) - d2 + d4, 4 d1 - 5 d3 + d5).
    @inline(__always)
    private static func inputTransform<T: NetworkScalar>(_ d0: SIMD8<T>, _ d1: SIMD8<T>, _ d2: SIMD8<T>, _ d3: SIMD8<T>,
                                                         _ d4: SIMD8<T>, _ d5: SIMD8<T>)
        -> (SIMD8<T>, SIMD8<T>, SIMD8<T>, SIMD8<T>, SIMD8<T>, SIMD8<T>) {
        let four: T = 4, five: T = 5, two: T = 2
        let a = d4 - four * d2, b = d3 - four * d1, c = d4 - d2, e = two * (d3 - d1)
        return (four * d0 - five * d2 + d4, a + b, a - b, c + e, c - e, four * d1 - five * d3 + d5)
    }

    /// A^T m for six values m: (m0 + m1 + m2 + m3 + m4, m1 - m2 + 2 (m3 - m4), m1 + m2 + 4 (m3 + m4),
    /// m1 - m2 + 8 (m3 - m4) + m5).
    @inline(__always)
    private static func outputTransform<T: NetworkScalar>(_ m0: SIMD8<T>, _ m1: SIMD8<T>, _ m2: SIMD8<T>, _ m3: SIMD8<T>,
                                                          _ m4: SIMD8<T>, _ m5: SIMD8<T>)
        -> (SIMD8<T>, SIMD8<T>, SIMD8<T>, SIMD8<T>) {
        let two: T = 2, four: T = 4, eight: T = 8
        let sum12 = m1 + m2, difference12 = m1 - m2, sum34 = m3 + m4, difference34 = m3 - m4
        return (m0 + sum12 + sum34, difference12 + two * difference34, sum12 + four * sum34,
                difference12 + eight * difference34 + m5)
    }

    /// Output rows `rows` (before any bias or epilogue) of one image: `source` is inputs x height x width, `target`
    /// the first output row of the band, output channels `plane` values apart; `weights` from `transformedWeights`.
    static func band<T: NetworkScalar>(_ source: UnsafePointer<T>, inputs: Int, height: Int, width: Int, rows: Range<Int>,
                                       weights: UnsafePointer<T>, outputs: Int, target: UnsafeMutablePointer<T>, plane: Int,
                                       scratch: UnsafeMutablePointer<T>) {
        let blockRows = (rows.count + 3) / 4, columns = paddedBlockColumns(width: width), blocks = blockRows * columns
        let line = lineLength(width: width)
        let v = scratch, m = v + 36 * inputs * blocks, phases = m + 36 * outputs * blocks, turned = phases + 24 * line
        let rowTransforms = turned + 24 * line, results = rowTransforms + 24 * 8
        // Block bx reads padded columns 4 bx ..< 4 bx + 6: phase r holds padded columns 4 k + r (input column
        // 4 k + r - 1, zero outside the image), so the block is phases 0-3 at bx and phases 0-1 at bx + 1.
        // Phase r of input row i of the block lives at phases + (i * 4 + r) * line.
        for c in 0..<inputs {
            let channel = source + c * height * width
            for by in 0..<blockRows {
                for i in 0..<6 {
                    let p = phases + i * 4 * line, y = rows.lowerBound + 4 * by - 1 + i
                    p.update(repeating: 0, count: 4 * line)
                    guard y >= 0 && y < height else { continue }
                    let row = channel + y * width
                    var x = 0
                    while x + 16 <= width {
                        let values = UnsafeRawPointer(row + x).loadUnaligned(as: SIMD16<T>.self)
                        let even = values.evenHalf, odd = values.oddHalf
                        store(even.evenHalf, p + line + x / 4)
                        store(odd.evenHalf, p + 2 * line + x / 4)
                        store(even.oddHalf, p + 3 * line + x / 4)
                        store(odd.oddHalf, p + x / 4 + 1)
                        x += 16
                    }
                    for x in x..<width { p[(x + 1) % 4 * line + (x + 1) / 4] = row[x] }
                }
                // B^T d down the six rows, for each phase.
                for r in 0..<4 {
                    vectorLoop(line) { k in
                        func at(_ i: Int) -> SIMD8<T> { load(phases + (i * 4 + r) * line + k) }
                        let t = inputTransform(at(0), at(1), at(2), at(3), at(4), at(5))
                        let to = turned + r * line + k
                        store(t.0, to); store(t.1, to + 4 * line); store(t.2, to + 8 * line)
                        store(t.3, to + 12 * line); store(t.4, to + 16 * line); store(t.5, to + 20 * line)
                    }
                }
                // Then (B^T d) B along each row, into the 36 positions' matrices.
                let step = inputs * blocks
                for i in 0..<6 {
                    let t = turned + i * 4 * line
                    let out = v + (i * 6 * inputs + c) * blocks + by * columns
                    vectorLoop(columns) { bx in
                        let d = inputTransform(load(t + bx), load(t + line + bx), load(t + 2 * line + bx),
                                               load(t + 3 * line + bx), load(t + bx + 1), load(t + line + bx + 1))
                        store(d.0, out + bx); store(d.1, out + step + bx); store(d.2, out + 2 * step + bx)
                        store(d.3, out + 3 * step + bx); store(d.4, out + 4 * step + bx); store(d.5, out + 5 * step + bx)
                    }
                }
            }
        }
        for position in 0..<36 {
            T.gemm(transposeA: false, transposeB: false, m: outputs, n: blocks, k: inputs, alpha: 1,
                   a: weights + position * outputs * inputs, lda: inputs, b: v + position * inputs * blocks, ldb: blocks,
                   beta: 0, c: m + position * outputs * blocks, ldc: blocks)
        }
        // Y = A^T M A: each of the block's six rows times A (into `rowTransforms`), then A^T down the four columns;
        // output (r, q) of each block goes to results + (r * 4 + q) * columns and is then interleaved into the rows.
        let step = outputs * blocks
        for o in 0..<outputs {
            for by in 0..<blockRows {
                let e = m + o * blocks + by * columns
                vectorLoop(columns) { bx in
                    func at(_ p: Int) -> SIMD8<T> { load(e + p * step + bx) }
                    for i in 0..<6 {
                        let h = outputTransform(at(6 * i), at(6 * i + 1), at(6 * i + 2), at(6 * i + 3), at(6 * i + 4), at(6 * i + 5))
                        store(h.0, rowTransforms + (4 * i) * 8); store(h.1, rowTransforms + (4 * i + 1) * 8)
                        store(h.2, rowTransforms + (4 * i + 2) * 8); store(h.3, rowTransforms + (4 * i + 3) * 8)
                    }
                    for q in 0..<4 {
                        func row(_ i: Int) -> SIMD8<T> { load(rowTransforms + (4 * i + q) * 8) }
                        let y = outputTransform(row(0), row(1), row(2), row(3), row(4), row(5))
                        store(y.0, results + q * columns + bx); store(y.1, results + (4 + q) * columns + bx)
                        store(y.2, results + (8 + q) * columns + bx); store(y.3, results + (12 + q) * columns + bx)
                    }
                }
                for r in 0..<min(4, rows.count - 4 * by) {
                    let out = target + o * plane + (4 * by + r) * width, first = results + 4 * r * columns
                    var x = 0
                    while x + 16 <= width {
                        var values = SIMD16<T>(), even = SIMD8<T>(), odd = SIMD8<T>()
                        even.evenHalf = load4(first + x / 4); even.oddHalf = load4(first + 2 * columns + x / 4)
                        odd.evenHalf = load4(first + columns + x / 4); odd.oddHalf = load4(first + 3 * columns + x / 4)
                        values.evenHalf = even; values.oddHalf = odd
                        UnsafeMutableRawPointer(out + x).storeBytes(of: values, as: SIMD16<T>.self)
                        x += 16
                    }
                    for x in x..<width { out[x] = first[(x % 4) * columns + x / 4] }
                }
            }
        }
    }

    /// `body` for 0, 8, 16, ... below `count` (a multiple of 8 wherever it is called).
    @inline(__always)
    private static func vectorLoop(_ count: Int, _ body: (Int) -> Void) {
        for k in stride(from: 0, to: count, by: 8) { body(k) }
    }

    @inline(__always)
    private static func load<T: NetworkScalar>(_ p: UnsafeMutablePointer<T>) -> SIMD8<T> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<T>.self)
    }

    @inline(__always)
    private static func load4<T: NetworkScalar>(_ p: UnsafeMutablePointer<T>) -> SIMD4<T> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD4<T>.self)
    }

    @inline(__always)
    private static func store<T: NetworkScalar, V: SIMD>(_ value: V, _ p: UnsafeMutablePointer<T>) where V.Scalar == T {
        UnsafeMutableRawPointer(p).storeBytes(of: value, as: V.self)
    }
}
